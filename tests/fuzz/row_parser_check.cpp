#include "row_parser_check.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "events/csv_header.h"
#include "features/event_row_parser.h"
#include "features/log_event.h"

namespace churn::fuzz {
namespace {

// Lines of one input read at most: more only slows the fuzzer down.
constexpr std::size_t kMaxLines = 64;

// One parse's outcome, comparable as a whole.
struct Outcome {
  bool parsed = false;
  features::LogEvent event;
  features::RowProblem problem;

  bool operator==(const Outcome& other) const {
    if (parsed != other.parsed) {
      return false;
    }
    if (!parsed) {
      return problem.issue == other.problem.issue && problem.column == other.problem.column &&
             problem.expected == other.problem.expected && problem.found == other.problem.found;
    }
    const features::LogEvent& left = event;
    const features::LogEvent& right = other.event;
    return left.time == right.time && left.type == right.type && left.user_id == right.user_id &&
           left.user_key == right.user_key && left.session_key == right.session_key &&
           left.product_key == right.product_key && left.category_key == right.category_key &&
           left.brand_key == right.brand_key && left.price_cents == right.price_cents &&
           left.amount_cents == right.amount_cents;
  }
};

enum class Method { kParse, kSplit };

Outcome ParseWith(features::EventRowParser& parser, Method method, std::string_view line) {
  Outcome outcome;
  outcome.parsed = method == Method::kParse
                       ? parser.Parse(line, &outcome.event, &outcome.problem)
                       : parser.ParseBySplitting(line, &outcome.event, &outcome.problem);
  return outcome;
}

// An accepted event's invariants, whatever the layout.
void CheckEvent(const features::LogEvent& event) {
  if (event.user_id.empty() || event.user_key == 0 || event.price_cents < 0) {
    std::abort();
  }
}

}  // namespace

void CheckRowParser(std::string_view header, const features::ColumnMapping& mapping,
                    const std::uint8_t* data, std::size_t size) {
  const events::CsvHeader csv_header(header, "fuzz.csv");
  features::EventRowParser parser(csv_header, mapping);
  features::EventRowParser splitter(csv_header, mapping);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t line_begin = 0;
  for (std::size_t line_idx = 0; line_idx < kMaxLines && line_begin <= input.size(); ++line_idx) {
    std::size_t line_end = input.find('\n', line_begin);
    if (line_end == std::string_view::npos) {
      line_end = input.size();
    }
    const std::size_t length = line_end - line_begin;
    // Exactly the line's bytes on the heap: a read past its end is reported.
    std::unique_ptr<char[]> bytes = std::make_unique<char[]>(length);
    if (length > 0) {
      std::memcpy(bytes.get(), input.data() + line_begin, length);
    }
    const std::string_view line(bytes.get(), length);
    line_begin = line_end + 1;

    const Outcome parsed = ParseWith(parser, Method::kParse, line);
    const Outcome split = ParseWith(splitter, Method::kSplit, line);
    features::EventRowParser fresh_parser(csv_header, mapping);
    const Outcome fresh = ParseWith(fresh_parser, Method::kSplit, line);
    if (!(parsed == split) || !(split == fresh)) {
      std::abort();
    }
    if (parsed.parsed) {
      CheckEvent(parsed.event);
    } else if (parsed.problem.expected.empty() || parsed.problem.Describe().empty()) {
      std::abort();  // a rejected row must say what was expected
    }
  }
}

}  // namespace churn::fuzz

#include "server/customer_value_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>

#include "errors/error.h"
#include "events/csv_line_splitter.h"
#include "events/display_path.h"
#include "events/line_reader.h"
#include "scoring/scoring_files.h"

namespace churn::server {
namespace {

constexpr std::string_view kValuesHeader =
    "user_id,p_alive,expected_purchases,expected_value,value_at_risk";
constexpr std::size_t kValuesColumns = 5;

// Reads customer_values.csv line by line, each error naming the file and
// line and what to run.
class ValuesFileReader {
 public:
  explicit ValuesFileReader(const std::filesystem::path& path) : reader_(path) {}

  [[noreturn]] void Fail(std::string_view what) const {
    throw InputError(fmt::format("{}:{}: {}; run `{}` again", events::DisplayPath(reader_.path()),
                                 reader_.line_number(), what, scoring::kScoreCommand));
  }

  // The next line's fields, or nullopt at the end of the file.
  std::optional<std::span<const std::string_view>> NextFields() {
    std::string_view line;
    if (!reader_.Next(&line)) {
      return std::nullopt;
    }
    std::optional<std::span<const std::string_view>> fields = splitter_.Split(line);
    if (!fields) {
      Fail("an unterminated quote");
    }
    if (fields->size() != kValuesColumns) {
      Fail(fmt::format("{} fields where {} were expected ({})", fields->size(), kValuesColumns,
                       kValuesHeader));
    }
    return fields;
  }

  // A figure of `column`: a finite number from `low` up.
  double Figure(std::string_view text, std::string_view column, double low) const {
    double figure = 0;
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, figure);
    if (text.empty() || error != std::errc() || stop != end || !std::isfinite(figure) ||
        figure < low) {
      Fail(fmt::format("{} must be a number from {}, got '{}'", column, low, text));
    }
    return figure;
  }

  std::int64_t line_number() const { return reader_.line_number(); }

 private:
  events::LineReader reader_;
  events::CsvLineSplitter splitter_;
};

CustomerValueRow ParseRow(const ValuesFileReader& file, std::span<const std::string_view> fields) {
  CustomerValueRow row;
  if (!fields[1].empty()) {
    row.p_alive = file.Figure(fields[1], "p_alive", 0);
    if (*row.p_alive > 1) {
      file.Fail(fmt::format("p_alive must be a probability, got '{}'", fields[1]));
    }
  }
  row.expected_purchases = file.Figure(fields[2], "expected_purchases", 0);
  row.expected_value = file.Figure(fields[3], "expected_value", 0);
  row.value_at_risk = file.Figure(fields[4], "value_at_risk", 0);
  return row;
}

}  // namespace

nlohmann::json CustomerValueJson(const CustomerValueRow& row) {
  return {{"p_alive", row.p_alive ? nlohmann::json(*row.p_alive) : nlohmann::json(nullptr)},
          {"expected_purchases", row.expected_purchases},
          {"expected_value", row.expected_value},
          {"value_at_risk", row.value_at_risk}};
}

std::optional<CustomerValueTable> CustomerValueTable::Load(const std::filesystem::path& folder,
                                                           const explain::ShapStore& store) {
  std::filesystem::path path = folder / scoring::kCustomerValuesFile;
  if (!std::filesystem::exists(path)) {
    return std::nullopt;
  }
  ValuesFileReader file(path);
  std::optional<std::span<const std::string_view>> header = file.NextFields();
  if (!header || fmt::format("{}", fmt::join(*header, ",")) != kValuesHeader) {
    file.Fail(fmt::format("the header must be {}", kValuesHeader));
  }
  CustomerValueTable table;
  table.rows_.reserve(store.size());
  while (std::optional<std::span<const std::string_view>> fields = file.NextFields()) {
    std::size_t index = table.rows_.size();
    if (index == store.size()) {
      file.Fail(fmt::format("more users than the scoring's {}", store.size()));
    }
    std::string_view stored_id = store.At(index).user_id;
    if ((*fields)[0] != stored_id) {
      file.Fail(fmt::format("user '{}' where the scoring's user {} is '{}'", (*fields)[0],
                            index + 1, stored_id));
    }
    table.rows_.push_back(ParseRow(file, *fields));
  }
  if (table.rows_.size() != store.size()) {
    file.Fail(fmt::format("{} users where the scoring has {}", table.rows_.size(), store.size()));
  }
  return table;
}

std::vector<std::size_t> CustomerValueTable::OrderByValueAtRisk(
    const explain::ShapStore& store) const {
  std::vector<std::size_t> order(rows_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<double> probabilities(rows_.size());
  for (std::size_t index = 0; index < rows_.size(); ++index) {
    probabilities[index] = store.At(index).probability;
  }
  // Stable over the store's user id order: full ties stay in user id order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    if (rows_[left].value_at_risk != rows_[right].value_at_risk) {
      return rows_[left].value_at_risk > rows_[right].value_at_risk;
    }
    return probabilities[left] > probabilities[right];
  });
  return order;
}

}  // namespace churn::server

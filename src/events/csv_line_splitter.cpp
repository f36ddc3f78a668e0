#include "events/csv_line_splitter.h"

#include <algorithm>

namespace churn::events {
namespace {

constexpr char kQuote = '"';
constexpr char kSeparator = ',';

// Where the field starting at pos ends: at the next separator or the line's end.
std::size_t FieldEnd(std::string_view line, std::size_t pos) {
  return std::min(line.find(kSeparator, pos), line.size());
}

// Reads the quoted field whose opening quote is at line[open_quote] and sets
// *field_end past it. A field without doubled quotes is a view into line;
// otherwise it is unescaped onto the end of *unescaped. Text between the
// closing quote and the separator ("a"b) is kept, as Python's csv module does.
// Returns nullopt if the quote never closes.
std::optional<std::string_view> ReadQuoted(std::string_view line, std::size_t open_quote,
                                           std::size_t* field_end, std::string* unescaped) {
  const std::size_t text_begin = open_quote + 1;
  std::size_t close_quote = line.find(kQuote, text_begin);
  if (close_quote == std::string_view::npos) {
    return std::nullopt;
  }
  if (close_quote + 1 == line.size() || line[close_quote + 1] == kSeparator) {
    *field_end = close_quote + 1;
    return line.substr(text_begin, close_quote - text_begin);
  }
  const std::size_t unescaped_begin = unescaped->size();
  std::size_t cursor = text_begin;
  while (true) {
    close_quote = line.find(kQuote, cursor);
    if (close_quote == std::string_view::npos) {
      return std::nullopt;
    }
    unescaped->append(line.substr(cursor, close_quote - cursor));
    cursor = close_quote + 1;
    if (cursor == line.size() || line[cursor] != kQuote) {
      break;
    }
    unescaped->push_back(kQuote);
    ++cursor;
  }
  *field_end = FieldEnd(line, cursor);
  unescaped->append(line.substr(cursor, *field_end - cursor));
  return std::string_view(*unescaped).substr(unescaped_begin);
}

}  // namespace

std::optional<std::span<const std::string_view>> CsvLineSplitter::Split(std::string_view line,
                                                                        RowIssue* issue) {
  fields_.clear();
  unescaped_.clear();
  // Unescaped text is never longer than the line, so this keeps views into
  // unescaped_ valid for the whole line.
  unescaped_.reserve(line.size());
  std::size_t field_begin = 0;
  while (true) {
    std::size_t field_end = 0;
    if (field_begin < line.size() && line[field_begin] == kQuote) {
      std::optional<std::string_view> field =
          ReadQuoted(line, field_begin, &field_end, &unescaped_);
      if (!field) {
        if (issue != nullptr) {
          *issue = RowIssue::kUnterminatedQuote;
        }
        return std::nullopt;
      }
      fields_.push_back(*field);
    } else {
      field_end = FieldEnd(line, field_begin);
      fields_.push_back(line.substr(field_begin, field_end - field_begin));
    }
    if (field_end == line.size()) {
      break;
    }
    field_begin = field_end + 1;
  }
  return std::span<const std::string_view>(fields_);
}

}  // namespace churn::events

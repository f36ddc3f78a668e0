#pragma once
// EventRowParser turns one data line of a log into a LogEvent, through the
// column mapping. It is the hot loop of the feature engine: REES46-like
// lines are read in one pass (the commas of the whole line found 64 bytes at
// a time, each field read where it lies, nothing copied or allocated), times
// reuse the date of the line before, and a problem is reported as a value,
// never thrown. Lines that pass declines (quotes, other layouts, problems)
// are split into fields first; that path alone accepts or reports them.
//
//   EventRowParser parser(header, ColumnMapping::Rees46());
//   LogEvent event;
//   RowProblem problem;
//   if (!parser.Parse(line, &event, &problem)) { count or stop on problem }

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "events/csv_header.h"
#include "events/csv_line_splitter.h"
#include "features/column_mapping.h"
#include "features/log_event.h"

namespace churn::features {

class EventRowParser {
 public:
  // Finds the mapped columns; throws InputError naming the file and every
  // missing column.
  EventRowParser(const events::CsvHeader& header, const ColumnMapping& mapping);

  // Parses one line (without its ending). Returns false and fills *problem
  // when the line cannot be used.
  bool Parse(std::string_view line, LogEvent* event, RowProblem* problem);

  // Parse through the split alone: the whole line is split into fields
  // first, then each is read. Parse reads REES46-like lines in one pass and
  // splits only the lines that pass declines (quotes, other layouts, every
  // problem); the two give the same results, which tests check through this.
  bool ParseBySplitting(std::string_view line, LogEvent* event, RowProblem* problem);

  // The index of the user id column, for callers that route lines by user
  // before parsing them.
  std::size_t user_column() const { return user_column_; }

 private:
  static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
  // What the one pass reads from each column.
  enum class ColumnRole : std::uint8_t {
    kOther,  // skipped: unmapped, or category codes
    kTime,
    kType,
    kProduct,
    kCategory,
    kBrand,
    kPrice,
    kUser,
    kSession,
  };
  static constexpr std::size_t kRoleCount = 9;

  void AssignRoles();
  bool ParseInOnePass(std::string_view line, LogEvent* event);
  // The event from the text of each role's field, already checked; false
  // for an unknown event type.
  bool FillFromTexts(const std::array<std::string_view, kRoleCount>& texts, std::int64_t cents,
                     LogEvent* event) const;

  bool SplitFields(std::string_view line, RowProblem* problem);
  // The CSV split of a line that holds a quote.
  bool SplitQuoted(std::string_view line, RowProblem* problem);
  bool ParseTime(std::string_view text, std::int64_t* time);
  bool ReadType(LogEvent* event, RowProblem* problem) const;
  bool ReadIds(LogEvent* event, RowProblem* problem) const;
  bool ReadMoney(LogEvent* event, RowProblem* problem) const;
  // True for a row of a layout without event types whose session (invoice)
  // starts with the mapping's cancellation prefix.
  bool IsCancellation() const;
  // The field of an optional column; empty when the layout has no such column.
  std::string_view OptionalField(std::size_t column) const {
    return column == kAbsent ? std::string_view() : fields_[column];
  }

  ColumnMapping mapping_;
  std::size_t field_count_ = 0;
  std::size_t time_column_ = kAbsent;
  std::size_t type_column_ = kAbsent;
  std::size_t product_column_ = kAbsent;
  std::size_t category_column_ = kAbsent;
  std::size_t brand_column_ = kAbsent;
  std::size_t price_column_ = kAbsent;
  std::size_t quantity_column_ = kAbsent;
  std::size_t user_column_ = kAbsent;
  std::size_t session_column_ = kAbsent;
  std::vector<ColumnRole> roles_;  // one per column
  bool one_pass_ = false;          // whether Parse tries ParseInOnePass first
  std::array<std::string_view, kRoleCount> role_texts_{};  // the fields of the one pass
  std::vector<std::string_view> fields_;                   // one per column
  // Where the commas of an unquoted line are, with room for FindCommas'
  // unchecked writes.
  std::vector<std::size_t> comma_positions_;
  events::CsvLineSplitter quoted_splitter_;
  std::string cached_date_;  // "YYYY-MM-DD" of the last time parsed
  std::int64_t cached_day_start_ = 0;
};

// Splits a line that has no quote character on commas into *fields, with the
// scan of EventRowParser's fast path; for routing lines by user.
void SplitUnquoted(std::string_view line, std::vector<std::string_view>* fields);

}  // namespace churn::features

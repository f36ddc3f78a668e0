#include "events/row_issues.h"

namespace churn::events {

std::string_view RowIssueName(RowIssue issue) {
  switch (issue) {
    case RowIssue::kWrongFieldCount:
      return "wrong_field_count";
    case RowIssue::kUnterminatedQuote:
      return "unterminated_quote";
    case RowIssue::kCutLastLine:
      return "cut_last_line";
    case RowIssue::kRepeatedHeader:
      return "repeated_header";
    case RowIssue::kEmptyLine:
      return "empty_line";
    case RowIssue::kMissingUserId:
      return "missing_user_id";
    case RowIssue::kBadTime:
      return "bad_time";
    case RowIssue::kUnknownEventType:
      return "unknown_event_type";
    case RowIssue::kNonNumericField:
      return "non_numeric_field";
    case RowIssue::kNegativePrice:
      return "negative_price";
    case RowIssue::kMissingCustomer:
      return "missing_customer";
    case RowIssue::kOutsideMonth:
      return "outside_month";
  }
  return "unknown";
}

std::int64_t RowIssueCounts::Total() const {
  std::int64_t total = 0;
  for (std::int64_t count : counts_) {
    total += count;
  }
  return total;
}

RowIssueCounts& RowIssueCounts::operator+=(const RowIssueCounts& other) {
  for (std::size_t issue_idx = 0; issue_idx < counts_.size(); ++issue_idx) {
    counts_[issue_idx] += other.counts_[issue_idx];
  }
  return *this;
}

}  // namespace churn::events

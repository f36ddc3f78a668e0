#pragma once
// Per-row problems are counted, never thrown: a lenient reader skips the row
// and adds one to the count of its reason, and the run report lists the counts.

#include <array>
#include <cstdint>
#include <string_view>

namespace churn::events {

enum class RowIssue {
  kWrongFieldCount,    // more or fewer fields than the header
  kUnterminatedQuote,  // a quoted field that never closes on its line
  kCutLastLine,        // the file's last line has no line ending and is incomplete
  kRepeatedHeader,     // the header line again, e.g. from concatenated files
  kEmptyLine,
  kMissingUserId,
  kBadTime,           // an event time that does not parse
  kUnknownEventType,  // not view, cart, remove_from_cart or purchase
  kNonNumericField,   // an id, price or quantity that is not a number
  kNegativePrice,
  kMissingCustomer,  // a line item without a customer (UCI Online Retail)
  kOutsideMonth,     // an event more than a day outside the month its file is named for
};

inline constexpr int kRowIssueCount = 12;

// Short snake_case name for reports: "wrong_field_count", ...
std::string_view RowIssueName(RowIssue issue);

class RowIssueCounts {
 public:
  void Add(RowIssue issue, std::int64_t count = 1) {
    counts_[static_cast<std::size_t>(issue)] += count;
  }
  std::int64_t Count(RowIssue issue) const { return counts_[static_cast<std::size_t>(issue)]; }
  std::int64_t Total() const;
  RowIssueCounts& operator+=(const RowIssueCounts& other);

 private:
  std::array<std::int64_t, kRowIssueCount> counts_{};
};

}  // namespace churn::events

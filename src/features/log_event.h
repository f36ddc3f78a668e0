#pragma once
// One event as the feature engine sees it, whatever the layout of the log:
// ids reduced to 64-bit keys, money in cents.

#include <cstdint>
#include <string>
#include <string_view>

#include "events/event_type.h"
#include "events/row_issues.h"

namespace churn::features {

// Money is kept in whole cents.
inline constexpr std::int64_t kCentsPerUnit = 100;

struct LogEvent {
  std::int64_t time = 0;  // Unix seconds, UTC
  events::EventType type = events::EventType::kView;
  std::string_view user_id;        // the id as written; valid until the next parse
  std::uint64_t user_key = 0;      // KeyOf(user_id): spilled histories are keyed again by it
  std::uint64_t session_key = 0;   // hash of the session id
  std::uint64_t product_key = 0;   // hash of the product id
  std::uint64_t category_key = 0;  // 0: no category
  std::uint64_t brand_key = 0;     // 0: no brand
  std::int64_t price_cents = 0;    // unit price
  std::int64_t amount_cents = 0;   // price times quantity; negative for a cancellation
  std::uint64_t row_key = 0;       // KeyOf the whole line: equal for exact duplicate rows
  std::uint16_t file = 0;          // which of the streamed files the row came from
};

// Why a row could not be read, for the strict error and the lenient report:
// "column 'price': expected a non-negative decimal, found '-3.5'".
struct RowProblem {
  events::RowIssue issue = events::RowIssue::kWrongFieldCount;
  std::string column;  // empty when the row as a whole is wrong
  std::string expected;
  std::string found;

  std::string Describe() const;
};

// The 64-bit key of an id's text: stable across runs and platforms, never 0
// for a non-empty id.
std::uint64_t KeyOf(std::string_view text);

}  // namespace churn::features

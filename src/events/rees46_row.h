#pragma once
// The REES46 event-log layout, the default input of the pipeline, and a fast
// writer of its rows (the demo generator writes millions per second).
//
//   event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
//   2019-10-01 00:00:05
//   UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-...

#include <cstdint>
#include <string>
#include <string_view>

#include "events/event_type.h"

namespace churn::events {

inline constexpr std::string_view kRees46Header =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

// A session id as REES46 writes it: a random (version 4) UUID.
struct SessionUuid {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  // Sets the version (4) and variant (RFC 4122) bits of 128 random bits.
  static SessionUuid FromRandomBits(std::uint64_t high, std::uint64_t low);
};

// One row of a REES46 log. Strings are views: the caller keeps them alive.
struct Rees46Row {
  std::int64_t time = 0;  // Unix seconds, UTC
  EventType type = EventType::kView;
  std::uint64_t product_id = 0;
  std::uint64_t category_id = 0;
  std::string_view category_code;  // empty where unknown, as in the real logs
  std::string_view brand;          // empty where unknown
  std::int64_t price_cents = 0;
  std::uint64_t user_id = 0;
  SessionUuid session;
};

// Appends the row and a "\n" to out. Text fields that hold a comma, quote or
// line break are quoted as RFC 4180 asks.
void AppendRees46Row(const Rees46Row& row, std::string* out);

}  // namespace churn::events

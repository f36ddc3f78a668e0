#pragma once
// UserHistory is everything the feature engine keeps about one user: an
// exact summary of their events, indexed by day, from which the features of
// any snapshot are computed. Because snapshot cutoffs fall on midnights,
// filtering the summary by day gives the same features as filtering the raw
// events by time: events at or after a cutoff never reach its snapshot.
//
// The summary grows with the user's active days, sessions and distinct
// products, never with their number of events.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "features/log_event.h"

namespace churn::features {

// Days since 1970-01-01, UTC.
using Day = std::int32_t;

Day DayOf(std::int64_t unix_seconds);

// What a user did on one day. Times are kept as seconds of the day, so a
// day costs 64 bytes: the history of a million users stays small.
struct DayActivity {
  static constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);

  Day day = 0;
  std::uint32_t events = 0;
  std::uint32_t views = 0;
  std::uint32_t carts = 0;
  std::uint32_t removes = 0;
  std::uint32_t purchases = 0;
  std::uint32_t night_events = 0;  // between 00:00 and 06:00 UTC
  std::uint32_t first_second = 0;  // of the day, of its first event
  std::uint32_t last_second = 0;
  std::uint32_t last_purchase_second = kNone;  // kNone: no purchase that day
  std::uint32_t last_cart_second = kNone;
  std::int64_t spend_cents = 0;         // purchase amounts (cancellations subtract)
  std::int64_t viewed_price_cents = 0;  // prices of the products viewed

  std::int64_t Start() const;  // Unix seconds of the day's midnight
  std::int64_t FirstTime() const { return Start() + first_second; }
  std::int64_t LastTime() const { return Start() + last_second; }
  // -1 when there was no purchase (cart) that day.
  std::int64_t LastPurchaseTime() const {
    return last_purchase_second == kNone ? -1 : Start() + last_purchase_second;
  }
  std::int64_t LastCartTime() const {
    return last_cart_second == kNone ? -1 : Start() + last_cart_second;
  }
};

// The part of one session that falls on one day (a session crossing
// midnight has two slices, so a cutoff can split it exactly).
struct SessionSlice {
  std::uint64_t session_key = 0;
  std::int64_t first_time = 0;
  std::int64_t last_time = 0;
  std::uint32_t events = 0;
  Day day = 0;
};

enum class ItemKind : std::uint8_t { kProduct, kCategory, kBrand };

// A product, category or brand, and the first day the user met it. The kind
// sits in the key's top two bits, so one sorted list holds all three and each
// kind is a contiguous range of it. Packed to 12 bytes: these lists are the
// largest part of a history.
struct __attribute__((packed)) FirstSeen {
  static constexpr int kKindShift = 62;
  static constexpr std::uint64_t kKeyMask = (std::uint64_t{1} << kKindShift) - 1;

  std::uint64_t tagged_key = 0;
  Day day = 0;

  static std::uint64_t Tag(ItemKind kind, std::uint64_t key) {
    return (static_cast<std::uint64_t>(kind) << kKindShift) | (key & kKeyMask);
  }
  std::uint64_t Key() const { return tagged_key & kKeyMask; }
};

class UserHistory {
 public:
  explicit UserHistory(std::string user_id) : user_id_(std::move(user_id)) {}

  // Adds one event; events may come in any order.
  void Add(const LogEvent& event);
  // Puts the days in order once every event is in; call before reading.
  void Finish();

  const std::string& user_id() const { return user_id_; }
  // Sorted by day once Finish() ran.
  const std::vector<DayActivity>& days() const { return days_; }
  const std::vector<SessionSlice>& sessions() const { return sessions_; }
  // The products, categories or brands met, one entry each, sorted by key;
  // complete once Finish() ran.
  std::span<const FirstSeen> Seen(ItemKind kind) const;

  // Asks the processor to bring in the memory Add will touch next.
  void Prefetch() const {
    if (!days_.empty()) {
      __builtin_prefetch(&days_.back());
    }
    if (!sessions_.empty()) {
      __builtin_prefetch(&sessions_.back());
    }
    if (!seen_.empty()) {
      __builtin_prefetch(&seen_.back());
    }
  }

  // Asks the processor to bring in the start of every record, before a
  // snapshot reads them.
  void PrefetchRecords() const {
    __builtin_prefetch(days_.data());
    __builtin_prefetch(sessions_.data());
    __builtin_prefetch(seen_.data());
  }

  // Bytes held, for the memory report.
  std::size_t MemoryBytes() const;

 private:
  DayActivity& ActivityOn(Day day, std::int64_t time);
  DayActivity& NewDay(Day day, std::int64_t time);
  SessionSlice& SliceOf(std::uint64_t session_key, Day day, std::int64_t time);

  std::string user_id_;
  std::vector<DayActivity> days_;
  bool days_sorted_ = true;
  std::vector<SessionSlice> sessions_;
  void NoteSeen(ItemKind kind, std::uint64_t key, Day day);
  void CompactSeen();

  // Items are appended as they come and compacted (sorted, one entry per
  // item with its earliest day) when the unsorted tail outgrows the sorted
  // head: appending is cheap, and the list stays within twice the number of
  // distinct items, whatever the number of events.
  std::vector<FirstSeen> seen_;
  std::uint32_t seen_compacted_ = 0;
};

}  // namespace churn::features

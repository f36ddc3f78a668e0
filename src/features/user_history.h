#pragma once
// UserHistory is everything the feature engine keeps about one user: an
// exact summary of their events, indexed by day, from which the features of
// any snapshot are computed. Because snapshot cutoffs fall on midnights,
// filtering the summary by day gives the same features as filtering the raw
// events by time: events at or after a cutoff never reach its snapshot.
//
// The summary grows with the user's active days, sessions and distinct
// products, never with their number of events, but for one 8-byte print of
// each row of the days a later log file may still repeat (its month and the
// day before), by which exact duplicate rows are told.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "features/log_event.h"

namespace churn::features {

// Days since 1970-01-01, UTC.
using Day = std::int32_t;

Day DayOf(std::int64_t unix_seconds);

// What a user did on one day. Times are kept as seconds of the day and the
// day's event count is the sum of its counts by type, so a day costs 56
// bytes: the history of a million users stays small.
struct DayActivity {
  static constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);

  Day day = 0;
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

  std::uint32_t Events() const { return views + carts + removes + purchases; }
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
// midnight has two slices, so a cutoff can split it exactly): 24 bytes.
struct SessionSlice {
  std::uint64_t session_key = 0;
  std::uint32_t first_second = 0;  // of the day
  std::uint32_t last_second = 0;
  std::uint32_t events = 0;
  Day day = 0;

  std::int64_t FirstTime() const;
  std::int64_t LastTime() const;
};

enum class ItemKind : std::uint8_t { kProduct, kCategory, kBrand };

// A product, category or brand, and the first day the user met it, in one
// 64-bit word: the kind in the top 2 bits, 46 bits of the item's key, and
// the day (since 1970, clamped to 0..65535, so 1970 to 2149) in the low 16.
// Sorting the words sorts by kind, then key, then day, so one sorted list
// holds all three kinds, each a contiguous range, with an item's earliest
// day first. These lists are the largest part of a history.
struct FirstSeen {
  static constexpr int kKindShift = 62;
  static constexpr int kKeyShift = 16;
  static constexpr std::uint64_t kKeyMask = (std::uint64_t{1} << (kKindShift - kKeyShift)) - 1;
  static constexpr std::uint64_t kDayMask = (std::uint64_t{1} << kKeyShift) - 1;

  std::uint64_t bits = 0;

  static FirstSeen Of(ItemKind kind, std::uint64_t key, Day day);
  // The first word of a kind, for searching the sorted list.
  static std::uint64_t KindStart(ItemKind kind) {
    return static_cast<std::uint64_t>(kind) << kKindShift;
  }
  std::uint64_t Key() const { return (bits >> kKeyShift) & kKeyMask; }
  Day FirstDay() const { return static_cast<Day>(bits & kDayMask); }
  // The kind and key without the day: equal for two sightings of one item.
  std::uint64_t Item() const { return bits >> kKeyShift; }
};

class UserHistory {
 public:
  explicit UserHistory(std::string user_id) : user_id_(std::move(user_id)) {}

  // Adds one event; events may come in any order.
  void Add(const LogEvent& event);
  // Notes the row an event came from, by its print (its day and 48 bits of
  // event.row_key); true when the same row was noted before: an exact
  // duplicate, which the caller then counts, and adds or not.
  bool NoteRow(const LogEvent& event);
  // Forgets the rows of days before `day`: no row still to come can repeat them.
  void ForgetRowsBefore(Day day);
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
    if (!row_prints_.empty()) {
      __builtin_prefetch(&row_prints_.back());
    }
    if (!seen_.empty()) {
      __builtin_prefetch(&seen_.back());
      // The sorted head, which NoteSeen searches: its first lines.
      constexpr std::size_t kItemsPerLine = 64 / sizeof(FirstSeen);
      constexpr std::size_t kHeadLines = 6;
      std::size_t head = std::min<std::size_t>(seen_compacted_, kItemsPerLine * kHeadLines);
      for (std::size_t item = 0; item < head; item += kItemsPerLine) {
        __builtin_prefetch(&seen_[item]);
      }
    }
  }

  // Asks the processor to bring in the start of every record, before a
  // snapshot reads them.
  void PrefetchRecords() const {
    __builtin_prefetch(days_.data());
    __builtin_prefetch(sessions_.data());
    __builtin_prefetch(seen_.data());
  }

  // Bytes held, for the memory report and the engine's budget.
  std::size_t MemoryBytes() const;

 private:
  friend class HistoryCodec;  // writes and reads histories when a partition spills

  DayActivity& ActivityOn(Day day, std::int64_t time);
  DayActivity& NewDay(Day day, std::int64_t time);
  SessionSlice& SliceOf(std::uint64_t session_key, Day day, std::uint32_t second);

  void NoteSeen(ItemKind kind, std::uint64_t key, Day day);
  void CompactSeen();

  std::string user_id_;
  std::vector<DayActivity> days_;
  std::vector<SessionSlice> sessions_;
  // Items are appended as they come, unless the last few or the sorted head
  // already hold them, and compacted (sorted, one entry per item with its
  // earliest day) when the unsorted tail outgrows half the head: the list
  // stays near the number of distinct items, whatever the number of events.
  std::vector<FirstSeen> seen_;
  // The rows' prints, sorted by day, then hash: a sorted head and a sorted
  // tail merged into it once the tail outgrows the head's square root, so
  // that a user with a hundred thousand rows costs a few hundred steps a row.
  std::vector<std::uint64_t> row_prints_;
  std::uint32_t seen_compacted_ = 0;
  std::uint32_t row_prints_sorted_ = 0;
  bool days_sorted_ = true;  // last in the class: 144 bytes, not 152
};

}  // namespace churn::features

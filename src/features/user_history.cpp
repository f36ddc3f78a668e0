#include "features/user_history.h"

#include <algorithm>

#include "events/event_time.h"

namespace churn::features {
namespace {

using events::EventType;
using events::kSecondsPerDay;
using events::kSecondsPerHour;

constexpr std::int64_t kNightEndsAt = 6 * kSecondsPerHour;
// Sessions are looked for among the most recent slices first: logs are
// mostly in time order, so the slice an event belongs to is almost always
// one of the last few.
constexpr std::size_t kRecentSlicesSearched = 8;

constexpr std::uint32_t kMinSeenTail = 8;
constexpr std::size_t kRecentSeenSearched = 15;

// A row's print: its day (clamped to 0..65535, 1970 to 2149, as FirstSeen's)
// in the top 16 bits, so sorted prints are sorted by day, and the top 48 bits
// of the hash of its line below. Two different rows of one user on one day
// share a print with a chance of one in 2^48 per pair.
constexpr int kPrintDayShift = 48;
constexpr Day kLastPrintDay = 0xFFFF;
constexpr std::size_t kMinRowPrintTail = 16;

std::uint64_t RowPrint(Day day, std::uint64_t row_key) {
  auto clamped = static_cast<std::uint64_t>(std::clamp<Day>(day, 0, kLastPrintDay));
  return (clamped << kPrintDayShift) | (row_key >> (64 - kPrintDayShift));
}

// Grows a list by a quarter of its size, not by double as push_back would:
// the histories of every user stay in memory at once, and a list's unused
// capacity is what a history wastes most. Lists are appended to a few times
// (days, sessions) to a few dozen times (first-seen items) per user, so the
// extra copies cost little.
template <typename T>
T& AppendTo(std::vector<T>& list) {
  constexpr std::size_t kGrowthDivisor = 4;
  if (list.size() == list.capacity()) {
    list.reserve(list.size() + list.size() / kGrowthDivisor + 2);
  }
  return list.emplace_back();
}

// The first item of a sorted list whose bits are at least `bits` (or the
// end), without a branch per step: a search whose direction is a coin toss
// would mispredict half its branches, and it runs for most items of most
// events.
const FirstSeen* FirstAtLeast(const FirstSeen* items, std::size_t count, std::uint64_t bits) {
  if (count == 0) {
    return items;
  }
  const FirstSeen* base = items;
  while (count > 1) {
    std::size_t half = count / 2;
    base = base[half].bits < bits ? base + half : base;
    count -= half;
  }
  return base + (base->bits < bits ? 1 : 0);
}

}  // namespace

std::int64_t SessionSlice::FirstTime() const {
  return static_cast<std::int64_t>(day) * kSecondsPerDay + first_second;
}

std::int64_t SessionSlice::LastTime() const {
  return static_cast<std::int64_t>(day) * kSecondsPerDay + last_second;
}

FirstSeen FirstSeen::Of(ItemKind kind, std::uint64_t key, Day day) {
  auto clamped = static_cast<std::uint64_t>(std::clamp<Day>(day, 0, static_cast<Day>(kDayMask)));
  return FirstSeen{KindStart(kind) | ((key & kKeyMask) << kKeyShift) | clamped};
}

std::int64_t DayActivity::Start() const {
  return static_cast<std::int64_t>(day) * kSecondsPerDay;
}

Day DayOf(std::int64_t unix_seconds) {
  std::int64_t day = unix_seconds / kSecondsPerDay;
  if (unix_seconds % kSecondsPerDay < 0) {
    --day;
  }
  return static_cast<Day>(day);
}

DayActivity& UserHistory::ActivityOn(Day day, std::int64_t time) {
  if (!days_.empty() && days_.back().day == day) {
    return days_.back();
  }
  // While the days are in order (logs mostly are), a day later than the last
  // is new; once a late event broke the order, every day is searched first.
  if (days_sorted_ && (days_.empty() || days_.back().day < day)) {
    return NewDay(day, time);
  }
  for (DayActivity& activity : days_) {
    if (activity.day == day) {
      return activity;
    }
  }
  days_sorted_ = false;
  return NewDay(day, time);
}

DayActivity& UserHistory::NewDay(Day day, std::int64_t time) {
  DayActivity& added = AppendTo(days_);
  added.day = day;
  added.first_second = static_cast<std::uint32_t>(time - added.Start());
  added.last_second = added.first_second;
  return added;
}

SessionSlice& UserHistory::SliceOf(std::uint64_t session_key, Day day, std::uint32_t second) {
  std::size_t searched = std::min(sessions_.size(), kRecentSlicesSearched);
  for (std::size_t back_idx = 0; back_idx < searched; ++back_idx) {
    SessionSlice& slice = sessions_[sessions_.size() - 1 - back_idx];
    if (slice.session_key == session_key && slice.day == day) {
      return slice;
    }
  }
  for (SessionSlice& slice : sessions_) {
    if (slice.session_key == session_key && slice.day == day) {
      return slice;
    }
  }
  SessionSlice& added = AppendTo(sessions_);
  added.session_key = session_key;
  added.day = day;
  added.first_second = second;
  added.last_second = second;
  return added;
}

void UserHistory::Add(const LogEvent& event) {
  Day day = DayOf(event.time);
  DayActivity& activity = ActivityOn(day, event.time);
  auto second_of_day = static_cast<std::uint32_t>(event.time - activity.Start());
  activity.first_second = std::min(activity.first_second, second_of_day);
  activity.last_second = std::max(activity.last_second, second_of_day);
  activity.night_events += second_of_day < kNightEndsAt ? 1 : 0;
  switch (event.type) {
    case EventType::kView:
      ++activity.views;
      activity.viewed_price_cents += event.price_cents;
      break;
    case EventType::kCart:
      ++activity.carts;
      activity.last_cart_second = activity.last_cart_second == DayActivity::kNone
                                      ? second_of_day
                                      : std::max(activity.last_cart_second, second_of_day);
      break;
    case EventType::kRemoveFromCart:
      ++activity.removes;
      activity.spend_cents += std::min<std::int64_t>(0, event.amount_cents);  // cancellations
      break;
    case EventType::kPurchase:
      ++activity.purchases;
      activity.spend_cents += event.amount_cents;
      activity.last_purchase_second = activity.last_purchase_second == DayActivity::kNone
                                          ? second_of_day
                                          : std::max(activity.last_purchase_second, second_of_day);
      break;
  }
  SessionSlice& slice = SliceOf(event.session_key, day, second_of_day);
  ++slice.events;
  slice.first_second = std::min(slice.first_second, second_of_day);
  slice.last_second = std::max(slice.last_second, second_of_day);
  NoteSeen(ItemKind::kProduct, event.product_key, day);
  NoteSeen(ItemKind::kCategory, event.category_key, day);
  NoteSeen(ItemKind::kBrand, event.brand_key, day);
}

bool UserHistory::NoteRow(const LogEvent& event) {
  std::uint64_t print = RowPrint(DayOf(event.time), event.row_key);
  auto sorted_end = row_prints_.begin() + row_prints_sorted_;
  if (std::binary_search(row_prints_.begin(), sorted_end, print)) {
    return true;
  }
  auto at = std::lower_bound(sorted_end, row_prints_.end(), print);
  if (at != row_prints_.end() && *at == print) {
    return true;
  }
  auto position = at - row_prints_.begin();
  AppendTo(row_prints_);  // room for one more, grown by a quarter
  std::copy_backward(row_prints_.begin() + position, row_prints_.end() - 1, row_prints_.end());
  row_prints_[static_cast<std::size_t>(position)] = print;
  std::size_t tail = row_prints_.size() - row_prints_sorted_;
  if (tail >= kMinRowPrintTail && tail * tail > row_prints_sorted_) {
    std::inplace_merge(row_prints_.begin(), row_prints_.begin() + row_prints_sorted_,
                       row_prints_.end());
    row_prints_sorted_ = static_cast<std::uint32_t>(row_prints_.size());
  }
  return false;
}

void UserHistory::ForgetRowsBefore(Day day) {
  std::uint64_t first_kept = RowPrint(day, 0);
  auto sorted_end = row_prints_.begin() + row_prints_sorted_;
  row_prints_.erase(sorted_end, std::lower_bound(sorted_end, row_prints_.end(), first_kept));
  auto head_end =
      std::lower_bound(row_prints_.begin(), row_prints_.begin() + row_prints_sorted_, first_kept);
  row_prints_sorted_ -= static_cast<std::uint32_t>(head_end - row_prints_.begin());
  row_prints_.erase(row_prints_.begin(), head_end);
  if (row_prints_.empty()) {
    std::vector<std::uint64_t>().swap(row_prints_);
  } else if (row_prints_.capacity() > 2 * row_prints_.size()) {
    row_prints_.shrink_to_fit();
  }
}

void UserHistory::NoteSeen(ItemKind kind, std::uint64_t key, Day day) {
  if (key == 0) {
    return;  // no category or brand on this row
  }
  FirstSeen seen = FirstSeen::Of(kind, key, day);
  // Each event notes a product, a category and a brand, and the next event
  // mostly repeats some of them: looking back over the last five events'
  // entries drops most repeats before they cost a place in the list.
  std::size_t recent = std::min<std::size_t>(seen_.size() - seen_compacted_, kRecentSeenSearched);
  for (std::size_t back_idx = 1; back_idx <= recent; ++back_idx) {
    const FirstSeen& item = seen_[seen_.size() - back_idx];
    if (item.Item() == seen.Item() && item.bits <= seen.bits) {
      return;
    }
  }
  // An item already in the sorted head from an earlier or the same day is
  // found in a few steps: the tail then holds only items that are new, so
  // compactions are rare and the list stays near its distinct items.
  const FirstSeen* first_of_item =
      FirstAtLeast(seen_.data(), seen_compacted_, seen.Item() << FirstSeen::kKeyShift);
  if (first_of_item != seen_.data() + seen_compacted_ && first_of_item->Item() == seen.Item() &&
      first_of_item->bits <= seen.bits) {
    return;
  }
  AppendTo(seen_) = seen;
  if (seen_.size() >= seen_compacted_ + seen_compacted_ / 2 + kMinSeenTail) {
    CompactSeen();
  }
}

void UserHistory::CompactSeen() {
  auto by_key_then_day = [](const FirstSeen& left, const FirstSeen& right) {
    return left.bits < right.bits;
  };
  // The head is sorted already: sort the tail alone and merge the two.
  auto tail = seen_.begin() + seen_compacted_;
  std::sort(tail, seen_.end(), by_key_then_day);
  std::inplace_merge(seen_.begin(), tail, seen_.end(), by_key_then_day);
  // After the merge the earliest day of each item comes first: keep it.
  auto last = std::unique(
      seen_.begin(), seen_.end(),
      [](const FirstSeen& left, const FirstSeen& right) { return left.Item() == right.Item(); });
  seen_.erase(last, seen_.end());
  seen_compacted_ = static_cast<std::uint32_t>(seen_.size());
}

std::span<const FirstSeen> UserHistory::Seen(ItemKind kind) const {
  auto by_bits = [](const FirstSeen& item, std::uint64_t bits) { return item.bits < bits; };
  auto first = std::lower_bound(seen_.begin(), seen_.end(), FirstSeen::KindStart(kind), by_bits);
  auto last =
      kind == ItemKind::kBrand
          ? seen_.end()
          : std::lower_bound(
                first, seen_.end(),
                FirstSeen::KindStart(static_cast<ItemKind>(static_cast<int>(kind) + 1)), by_bits);
  return {first, last};
}

void UserHistory::Finish() {
  CompactSeen();
  if (!days_sorted_) {
    std::sort(days_.begin(), days_.end(), [](const DayActivity& left, const DayActivity& right) {
      return left.day < right.day;
    });
    days_sorted_ = true;
  }
}

std::size_t UserHistory::MemoryBytes() const {
  // Short ids live inside the string itself, longer ones on the heap.
  static const std::size_t kInlineIdBytes = std::string().capacity();
  std::size_t id_bytes = user_id_.capacity() > kInlineIdBytes ? user_id_.capacity() + 1 : 0;
  return sizeof(*this) + id_bytes + days_.capacity() * sizeof(DayActivity) +
         sessions_.capacity() * sizeof(SessionSlice) + seen_.capacity() * sizeof(FirstSeen) +
         row_prints_.capacity() * sizeof(std::uint64_t);
}

}  // namespace churn::features

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

// Records that the user met `key` on `day`, keeping the earliest day.
void NoteFirstSeen(std::vector<FirstSeen>& seen, std::uint64_t key, Day day) {
  if (key == 0) {
    return;
  }
  auto position =
      std::lower_bound(seen.begin(), seen.end(), key,
                       [](const FirstSeen& item, std::uint64_t value) { return item.key < value; });
  if (position != seen.end() && position->key == key) {
    position->day = std::min(position->day, day);
    return;
  }
  seen.insert(position, FirstSeen{key, day});
}

}  // namespace

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
  for (DayActivity& activity : days_) {
    if (activity.day == day) {
      return activity;
    }
  }
  days_sorted_ = days_sorted_ && (days_.empty() || days_.back().day < day);
  DayActivity& added = days_.emplace_back();
  added.day = day;
  added.first_time = time;
  added.last_time = time;
  return added;
}

SessionSlice& UserHistory::SliceOf(std::uint64_t session_key, Day day, std::int64_t time) {
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
  SessionSlice& added = sessions_.emplace_back();
  added.session_key = session_key;
  added.day = day;
  added.first_time = time;
  added.last_time = time;
  return added;
}

void UserHistory::Add(const LogEvent& event) {
  Day day = DayOf(event.time);
  DayActivity& activity = ActivityOn(day, event.time);
  ++activity.events;
  activity.first_time = std::min(activity.first_time, event.time);
  activity.last_time = std::max(activity.last_time, event.time);
  std::int64_t second_of_day = event.time - static_cast<std::int64_t>(day) * kSecondsPerDay;
  activity.night_events += second_of_day < kNightEndsAt ? 1 : 0;
  switch (event.type) {
    case EventType::kView:
      ++activity.views;
      activity.viewed_price_cents += event.price_cents;
      break;
    case EventType::kCart:
      ++activity.carts;
      activity.last_cart_time = std::max(activity.last_cart_time, event.time);
      break;
    case EventType::kRemoveFromCart:
      ++activity.removes;
      activity.spend_cents += std::min<std::int64_t>(0, event.amount_cents);  // cancellations
      break;
    case EventType::kPurchase:
      ++activity.purchases;
      activity.spend_cents += event.amount_cents;
      activity.last_purchase_time = std::max(activity.last_purchase_time, event.time);
      break;
  }
  SessionSlice& slice = SliceOf(event.session_key, day, event.time);
  ++slice.events;
  slice.first_time = std::min(slice.first_time, event.time);
  slice.last_time = std::max(slice.last_time, event.time);
  NoteFirstSeen(products_, event.product_key, day);
  NoteFirstSeen(categories_, event.category_key, day);
  NoteFirstSeen(brands_, event.brand_key, day);
}

void UserHistory::Finish() {
  if (!days_sorted_) {
    std::sort(days_.begin(), days_.end(), [](const DayActivity& left, const DayActivity& right) {
      return left.day < right.day;
    });
    days_sorted_ = true;
  }
}

std::size_t UserHistory::MemoryBytes() const {
  return sizeof(*this) + user_id_.capacity() + days_.capacity() * sizeof(DayActivity) +
         sessions_.capacity() * sizeof(SessionSlice) +
         (products_.capacity() + categories_.capacity() + brands_.capacity()) * sizeof(FirstSeen);
}

}  // namespace churn::features

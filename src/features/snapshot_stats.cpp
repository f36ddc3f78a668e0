#include "features/snapshot_stats.h"

#include <algorithm>

#include "events/event_time.h"
#include "features/log_event.h"

namespace churn::features {
namespace {

using events::kSecondsPerDay;

constexpr double kSecondsPerMinute = 60.0;
// The windows before the cutoff that measure the fade: the last week against
// the four before it, the last two weeks against the four before them, and
// spending of the last month against the month before.
constexpr Day kLastWeek = 7;
constexpr Day kWeeksBeforeLastWeekEnd = 35;
constexpr Day kLastTwoWeeks = 14;
constexpr Day kWeeksBeforeLastTwoEnd = 42;
constexpr Day kLastMonth = 30;
constexpr Day kMonthBeforeEnd = 60;
constexpr Day kFirstWeekendDay = 5;  // Saturday, counting Monday as 0
constexpr Day kEpochWeekday = 3;     // 1970-01-01 was a Thursday

double Days(std::int64_t seconds) {
  return static_cast<double>(seconds) / kSecondsPerDay;
}
double Units(std::int64_t cents) {
  return static_cast<double>(cents) / static_cast<double>(kCentsPerUnit);
}

bool IsWeekend(Day day) {
  return (day + kEpochWeekday) % 7 >= kFirstWeekendDay;
}

void AddDays(const UserHistory& history, const Snapshot& snapshot, SnapshotStats& stats) {
  Day first_day = DayOf(snapshot.observation_start);
  Day cutoff_day = snapshot.cutoff_day();
  std::int64_t last_visit = -1;
  std::int64_t first_visit = -1;
  std::int64_t last_purchase = -1;
  std::int64_t last_cart = -1;
  for (const DayActivity& activity : history.days()) {
    if (activity.day < first_day || activity.day >= cutoff_day) {
      continue;
    }
    Day days_before = cutoff_day - activity.day;  // 1 for the day before the cutoff
    stats.events += activity.Events();
    stats.views += activity.views;
    stats.carts += activity.carts;
    stats.removes += activity.removes;
    stats.purchases += activity.purchases;
    stats.night_events += activity.night_events;
    stats.weekend_events += IsWeekend(activity.day) ? activity.Events() : 0;
    stats.spend += Units(activity.spend_cents);
    stats.viewed_price_sum += Units(activity.viewed_price_cents);
    stats.active_days += 1;
    auto within = [&](Day after, Day up_to) { return days_before > after && days_before <= up_to; };
    std::uint32_t events = activity.Events();
    stats.events_7d += within(0, kLastWeek) ? events : 0;
    stats.events_8_35d += within(kLastWeek, kWeeksBeforeLastWeekEnd) ? events : 0;
    stats.events_14d += within(0, kLastTwoWeeks) ? events : 0;
    stats.events_prev_28d += within(kLastTwoWeeks, kWeeksBeforeLastTwoEnd) ? events : 0;
    stats.spend_30d += within(0, kLastMonth) ? Units(activity.spend_cents) : 0;
    stats.spend_prev_30d += within(kLastMonth, kMonthBeforeEnd) ? Units(activity.spend_cents) : 0;
    first_visit = first_visit < 0 ? activity.FirstTime() : first_visit;
    last_visit = activity.LastTime();
    last_purchase = std::max(last_purchase, activity.LastPurchaseTime());
    last_cart = std::max(last_cart, activity.LastCartTime());
  }
  stats.observed = stats.events > 0;
  stats.observation_days = Days(snapshot.cutoff - snapshot.observation_start);
  if (!stats.observed) {
    return;
  }
  stats.in_cohort = last_visit >= snapshot.cohort_start;
  stats.days_since_last_visit = Days(snapshot.cutoff - last_visit);
  stats.days_since_first_visit = Days(snapshot.cutoff - first_visit);
  stats.days_since_last_purchase =
      last_purchase < 0 ? stats.observation_days : Days(snapshot.cutoff - last_purchase);
  stats.days_since_last_cart =
      last_cart < 0 ? stats.observation_days : Days(snapshot.cutoff - last_cart);
}

bool ChurnedIn(const UserHistory& history, const Snapshot& snapshot, QualifyingEvent qualifying) {
  Day cutoff_day = snapshot.cutoff_day();
  Day label_end_day = DayOf(snapshot.label_end);
  for (const DayActivity& activity : history.days()) {
    if (activity.day >= cutoff_day && activity.day < label_end_day &&
        (qualifying == QualifyingEvent::kAnyEvent || activity.purchases > 0)) {
      return false;
    }
  }
  return true;
}

// Joins the day slices of each session seen before the cutoff, then
// measures sessions and the gaps between them.
void AddSessions(const UserHistory& history, const Snapshot& snapshot, SnapshotStats& stats,
                 StatsScratch& scratch) {
  Day first_day = DayOf(snapshot.observation_start);
  Day cutoff_day = snapshot.cutoff_day();
  using Session = StatsScratch::Session;
  std::vector<Session>& sessions = scratch.sessions;
  sessions.clear();
  for (const SessionSlice& slice : history.sessions()) {
    if (slice.day >= first_day && slice.day < cutoff_day) {
      sessions.push_back({.key = slice.session_key,
                          .first_time = slice.FirstTime(),
                          .last_time = slice.LastTime(),
                          .events = slice.events});
    }
  }
  std::sort(sessions.begin(), sessions.end(), [](const Session& left, const Session& right) {
    return left.key != right.key ? left.key < right.key : left.first_time < right.first_time;
  });
  std::size_t merged = 0;
  for (const Session& slice : sessions) {
    // Rows without a session id (key 0) are not one long session: each day's
    // slice of them stays a visit of its own.
    if (merged > 0 && slice.key != 0 && sessions[merged - 1].key == slice.key) {
      Session& session = sessions[merged - 1];
      session.first_time = std::min(session.first_time, slice.first_time);
      session.last_time = std::max(session.last_time, slice.last_time);
      session.events += slice.events;
    } else {
      sessions[merged++] = slice;
    }
  }
  sessions.resize(merged);
  // In order of start; sessions that start in the same second by end, then
  // by key, so that the gaps never depend on the order events came in.
  std::sort(sessions.begin(), sessions.end(), [](const Session& left, const Session& right) {
    if (left.first_time != right.first_time) {
      return left.first_time < right.first_time;
    }
    return left.last_time != right.last_time ? left.last_time < right.last_time
                                             : left.key < right.key;
  });
  stats.sessions = static_cast<double>(sessions.size());
  double gap_sum = 0;
  for (std::size_t session_idx = 0; session_idx < sessions.size(); ++session_idx) {
    const Session& session = sessions[session_idx];
    double minutes =
        static_cast<double>(session.last_time - session.first_time) / kSecondsPerMinute;
    stats.session_minutes_mean += minutes;
    stats.session_minutes_max = std::max(stats.session_minutes_max, minutes);
    stats.session_depth_mean += session.events;
    stats.session_depth_max = std::max<double>(stats.session_depth_max, session.events);
    stats.sessions_14d +=
        snapshot.cutoff - session.first_time <= kLastTwoWeeks * kSecondsPerDay ? 1 : 0;
    if (session_idx > 0) {
      double gap = std::max(0.0, Days(session.first_time - sessions[session_idx - 1].last_time));
      gap_sum += gap;
      stats.gap_days_max = std::max(stats.gap_days_max, gap);
      stats.gap_days_last = gap;
    }
  }
  if (!sessions.empty()) {
    stats.session_minutes_mean /= stats.sessions;
    stats.session_depth_mean /= stats.sessions;
  }
  if (sessions.size() > 1) {
    stats.gap_days_mean = gap_sum / static_cast<double>(sessions.size() - 1);
  }
}

double CountSeenBefore(std::span<const FirstSeen> seen, Day first_day, Day cutoff_day) {
  // First-seen days are kept, not every day: an item first met before the
  // observation window but met again inside it is not counted. With the
  // default window (all history) the two agree.
  return static_cast<double>(std::count_if(seen.begin(), seen.end(), [&](const FirstSeen& item) {
    return item.FirstDay() >= first_day && item.FirstDay() < cutoff_day;
  }));
}

}  // namespace

SnapshotStats ComputeDayStats(const UserHistory& history, const Snapshot& snapshot,
                              QualifyingEvent qualifying_event) {
  SnapshotStats stats;
  AddDays(history, snapshot, stats);
  stats.purchase_history =
      SummarizePurchases(history, DayOf(snapshot.observation_start), snapshot.cutoff_day());
  if (stats.observed) {
    stats.churned = ChurnedIn(history, snapshot, qualifying_event);
  }
  return stats;
}

SnapshotStats ComputeSnapshotStats(const UserHistory& history, const Snapshot& snapshot,
                                   QualifyingEvent qualifying_event, StatsScratch* scratch) {
  SnapshotStats stats = ComputeDayStats(history, snapshot, qualifying_event);
  if (!stats.observed) {
    return stats;
  }
  AddSessions(history, snapshot, stats, *scratch);
  Day first_day = DayOf(snapshot.observation_start);
  Day cutoff_day = snapshot.cutoff_day();
  stats.unique_products = CountSeenBefore(history.Seen(ItemKind::kProduct), first_day, cutoff_day);
  stats.unique_categories =
      CountSeenBefore(history.Seen(ItemKind::kCategory), first_day, cutoff_day);
  stats.unique_brands = CountSeenBefore(history.Seen(ItemKind::kBrand), first_day, cutoff_day);
  return stats;
}

}  // namespace churn::features

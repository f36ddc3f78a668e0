#include "features/snapshot_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "events/event_time.h"
#include "events/year_month.h"

namespace churn::features {
namespace {

using events::kSecondsPerDay;

// The first second of the calendar month after the one that starts at or
// contains `time`.
std::int64_t NextMonthStart(std::int64_t time) {
  return events::YearMonth::Of(time).Next().FirstSecond();
}

// The same day of the next month (clamped to its end): a cutoff on 15
// November labels on activity until 15 December.
std::int64_t OneMonthLater(std::int64_t time) {
  using namespace std::chrono;
  year_month_day date{sys_days{days{DayOf(time)}}};
  year_month next = year_month(date.year(), date.month()) + months{1};
  day last_day = year_month_day_last(next.year(), month_day_last(next.month())).day();
  year_month_day later(next.year(), next.month(), std::min(date.day(), last_day));
  return static_cast<std::int64_t>(sys_days(later).time_since_epoch().count()) * kSecondsPerDay;
}

// A training snapshot whose label window reaches past the test cutoff would
// learn from the test period: it is skipped.
void DropTrainingOverlappingTheTest(SnapshotPlan& plan) {
  if (plan.snapshots.size() < 2) {
    return;
  }
  std::int64_t test_cutoff = plan.snapshots.back().cutoff;
  std::vector<Snapshot> kept;
  for (std::size_t snapshot_idx = 0; snapshot_idx + 1 < plan.snapshots.size(); ++snapshot_idx) {
    const Snapshot& snapshot = plan.snapshots[snapshot_idx];
    if (snapshot.label_end > test_cutoff) {
      plan.skipped.push_back(
          {snapshot.cutoff,
           fmt::format("its label window runs to {}, past the test cutoff {}",
                       events::FormatDate(snapshot.label_end), events::FormatDate(test_cutoff))});
    } else {
      kept.push_back(snapshot);
    }
  }
  kept.push_back(plan.snapshots.back());
  plan.snapshots = std::move(kept);
}

// Every month start after the first one, up to the end of the logs: the
// default cutoffs. The last one never has a label window; it is listed so
// that the report says why it was skipped.
std::vector<std::int64_t> MonthStartsWithin(std::int64_t logs_start, std::int64_t logs_end) {
  std::vector<std::int64_t> cutoffs;
  for (std::int64_t cutoff = NextMonthStart(logs_start); cutoff <= logs_end;
       cutoff = NextMonthStart(cutoff)) {
    cutoffs.push_back(cutoff);
  }
  return cutoffs;
}

}  // namespace

std::string Snapshot::CutoffDate() const {
  return events::FormatDate(cutoff);
}

SnapshotPlan PlanSnapshots(const ChurnDefinition& churn, std::int64_t logs_start,
                           std::int64_t logs_end) {
  std::vector<std::int64_t> cutoffs =
      churn.cutoffs.empty() ? MonthStartsWithin(logs_start, logs_end) : churn.cutoffs;
  SnapshotPlan plan;
  for (std::int64_t cutoff : cutoffs) {
    Snapshot snapshot;
    snapshot.cutoff = cutoff;
    snapshot.label_end =
        churn.label_days > 0 ? cutoff + churn.label_days * kSecondsPerDay : OneMonthLater(cutoff);
    snapshot.observation_start =
        churn.observation_days > 0
            ? std::max(logs_start, cutoff - churn.observation_days * kSecondsPerDay)
            : logs_start;
    snapshot.cohort_start = churn.cohort_active_days > 0
                                ? cutoff - churn.cohort_active_days * kSecondsPerDay
                                : snapshot.observation_start;
    if (cutoff <= logs_start) {
      plan.skipped.push_back({cutoff, fmt::format("no history before it (the logs start {})",
                                                  events::FormatDate(logs_start))});
    } else if (snapshot.label_end > logs_end) {
      plan.skipped.push_back(
          {cutoff,
           fmt::format("its label window runs to {}, past the end of the logs ({})",
                       events::FormatDate(snapshot.label_end), events::FormatDate(logs_end))});
    } else {
      plan.snapshots.push_back(snapshot);
    }
  }
  DropTrainingOverlappingTheTest(plan);
  return plan;
}

}  // namespace churn::features

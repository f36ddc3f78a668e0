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

// The end of the label window of a snapshot at `cutoff`.
std::int64_t LabelEnd(const ChurnDefinition& churn, std::int64_t cutoff) {
  return churn.label_days > 0 ? cutoff + churn.label_days * kSecondsPerDay : OneMonthLater(cutoff);
}

// With churn.snapshot_step_days: the latest month start whose label window
// the logs cover (the test cutoff the monthly plan would choose), the latest
// cutoff whose labels end by it (the month start before it, or label_days
// earlier), and a cutoff every step days before that, back to the start of
// the logs. Cutoffs in between would overlap the test's labels.
std::vector<std::int64_t> SteppedCutoffs(const ChurnDefinition& churn, std::int64_t logs_start,
                                         std::int64_t logs_end) {
  std::vector<std::int64_t> months = MonthStartsWithin(logs_start, logs_end);
  auto anchor = std::find_if(months.rbegin(), months.rend(), [&](std::int64_t cutoff) {
    return LabelEnd(churn, cutoff) <= logs_end;
  });
  if (anchor == months.rend()) {
    return months;  // none has a whole label window: the plan says why for each
  }
  std::int64_t latest_known = churn.label_days > 0
                                  ? *anchor - std::int64_t{churn.label_days} * kSecondsPerDay
                                  : events::YearMonth::Of(*anchor - 1).FirstSecond();
  std::vector<std::int64_t> cutoffs = {*anchor};
  std::int64_t step = std::int64_t{churn.snapshot_step_days} * kSecondsPerDay;
  for (std::int64_t cutoff = latest_known; cutoff > logs_start; cutoff -= step) {
    cutoffs.push_back(cutoff);
  }
  std::reverse(cutoffs.begin(), cutoffs.end());
  return cutoffs;
}

std::vector<std::int64_t> CandidateCutoffs(const ChurnDefinition& churn, std::int64_t logs_start,
                                           std::int64_t logs_end) {
  if (!churn.cutoffs.empty()) {
    return churn.cutoffs;
  }
  return churn.snapshot_step_days > 0 ? SteppedCutoffs(churn, logs_start, logs_end)
                                      : MonthStartsWithin(logs_start, logs_end);
}

}  // namespace

std::string Snapshot::CutoffDate() const {
  return events::FormatDate(cutoff);
}

SnapshotPlan PlanSnapshots(const ChurnDefinition& churn, std::int64_t logs_start,
                           std::int64_t logs_end) {
  SnapshotPlan plan;
  for (std::int64_t cutoff : CandidateCutoffs(churn, logs_start, logs_end)) {
    Snapshot snapshot;
    snapshot.cutoff = cutoff;
    snapshot.label_end = LabelEnd(churn, cutoff);
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

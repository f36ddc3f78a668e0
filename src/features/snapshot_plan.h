#pragma once
// SnapshotPlan decides which snapshots the logs can honestly support. A
// snapshot is a cutoff (a UTC midnight), an observation window before it and
// a label window after it. It is built only when the logs cover the whole
// label window and some history before the cutoff; every other cutoff is
// reported with the reason it was skipped. Two months of logs give one
// snapshot, not two.

#include <cstdint>
#include <string>
#include <vector>

#include "features/churn_definition.h"
#include "features/user_history.h"

namespace churn::features {

struct Snapshot {
  std::int64_t cutoff = 0;             // Unix seconds of a UTC midnight
  std::int64_t observation_start = 0;  // features see events in [observation_start, cutoff)
  std::int64_t label_end = 0;          // the label looks at [cutoff, label_end)
  std::int64_t cohort_start = 0;       // users must be active in [cohort_start, cutoff)

  Day cutoff_day() const { return DayOf(cutoff); }
  // "2019-12-01"
  std::string CutoffDate() const;
};

struct SkippedCutoff {
  std::int64_t cutoff = 0;
  std::string reason;
};

struct SnapshotPlan {
  std::vector<Snapshot> snapshots;  // ascending by cutoff
  std::vector<SkippedCutoff> skipped;
};

// logs_start and logs_end (exclusive) are the span the logs cover: the first
// second of the first month and the first second after the last month.
SnapshotPlan PlanSnapshots(const ChurnDefinition& churn, std::int64_t logs_start,
                           std::int64_t logs_end);

}  // namespace churn::features

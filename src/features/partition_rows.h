#pragma once
// PartitionRows turns the streamed partitions into rows: a round of one
// partition per thread at a time, in partition order, each partition's
// spilled part read back and folded on, its histories finished, its users
// put in id order, and each user's stats for each snapshot they are
// labelled in (observed before the cutoff and in the cohort) stored. Each
// partition's memory is freed before the next round, so rows never need all
// users in memory at once. Once every partition is done, the streamer's
// files report their duplicate rows (LogStreamer::CountDuplicates).
//
//   RowStore store(folder, plan.snapshots.size());
//   PartitionRowsOutcome made = MakePartitionRows(streamer, plan, qualifying, store);

#include <cstdint>
#include <vector>

#include "features/churn_definition.h"
#include "features/customer_base.h"
#include "features/log_streamer.h"
#include "features/row_store.h"
#include "features/snapshot_plan.h"
#include "progress/progress_reporter.h"

namespace churn::features {

struct PartitionRowsOutcome {
  std::int64_t users = 0;          // with a history
  std::int64_t history_bytes = 0;  // held by every finished history, summed
  // Per snapshot: every customer with a purchase before its cutoff (in its
  // observation window), labelled or not, finished: what the customer-value
  // models are fitted on.
  std::vector<CustomerBase> customers;
};

PartitionRowsOutcome MakePartitionRows(LogStreamer& streamer, const SnapshotPlan& plan,
                                       QualifyingEvent qualifying_event, RowStore& store,
                                       const progress::Reporter& progress = {});

// Numeric ids sort as numbers when shorter ones come first.
bool UserIdLess(std::string_view left, std::string_view right);

}  // namespace churn::features

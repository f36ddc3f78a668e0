#include "features/partition_rows.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "parallel/parallel_for.h"

namespace churn::features {
namespace {

// One partition's rows, per snapshot, ready for the store.
struct PartitionBlock {
  std::vector<std::string> rows;  // encoded, per snapshot
  std::vector<std::int64_t> counts;
  std::vector<CustomerBase> customers;  // per snapshot
  std::int64_t users = 0;
  std::int64_t history_bytes = 0;
};

void MakeRowsOf(UserPartition& partition, const SnapshotPlan& plan,
                QualifyingEvent qualifying_event, StatsScratch& scratch, PartitionBlock& block) {
  UserTable table = partition.TakeFinished();
  block.users = static_cast<std::int64_t>(table.size());
  block.history_bytes = static_cast<std::int64_t>(table.MemoryBytes());
  std::vector<const UserHistory*> users;
  users.reserve(table.size());
  for (const UserHistory& history : table.histories()) {
    users.push_back(&history);
  }
  std::sort(users.begin(), users.end(), [](const UserHistory* left, const UserHistory* right) {
    return UserIdLess(left->user_id(), right->user_id());
  });
  for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
    const Snapshot& snapshot = plan.snapshots[snapshot_idx];
    for (const UserHistory* history : users) {
      SnapshotStats stats = ComputeSnapshotStats(*history, snapshot, qualifying_event, &scratch);
      block.customers[snapshot_idx].Add(stats.purchase_history);
      if (stats.observed && stats.in_cohort) {
        RowStore::AppendRow(history->user_id(), KeyOf(history->user_id()), stats,
                            &block.rows[snapshot_idx]);
        ++block.counts[snapshot_idx];
      }
    }
  }
}

}  // namespace

bool UserIdLess(std::string_view left, std::string_view right) {
  return left.size() != right.size() ? left.size() < right.size() : left < right;
}

PartitionRowsOutcome MakePartitionRows(LogStreamer& streamer, const SnapshotPlan& plan,
                                       QualifyingEvent qualifying_event, RowStore& store,
                                       const progress::Reporter& progress) {
  std::vector<UserPartition>& partitions = streamer.partitions();
  auto threads = static_cast<std::size_t>(streamer.threads());
  std::vector<PartitionBlock> blocks(threads);
  std::vector<StatsScratch> scratch(threads);
  PartitionRowsOutcome outcome;
  outcome.customers.resize(plan.snapshots.size());
  for (std::size_t round_start = 0; round_start < partitions.size(); round_start += threads) {
    parallel::ParallelFor(streamer.threads(), [&](int thread_idx) {
      auto slot = static_cast<std::size_t>(thread_idx);
      PartitionBlock& block = blocks[slot];
      block.rows.assign(plan.snapshots.size(), std::string());
      block.counts.assign(plan.snapshots.size(), 0);
      block.customers.assign(plan.snapshots.size(), CustomerBase());
      block.users = 0;
      block.history_bytes = 0;
      if (round_start + slot < partitions.size()) {
        MakeRowsOf(partitions[round_start + slot], plan, qualifying_event, scratch[slot], block);
      }
    });
    for (const PartitionBlock& block : blocks) {  // in partition order
      for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
        store.Write(snapshot_idx, block.rows[snapshot_idx], block.counts[snapshot_idx]);
        outcome.customers[snapshot_idx].Merge(block.customers[snapshot_idx]);
      }
      outcome.users += block.users;
      outcome.history_bytes += block.history_bytes;
    }
    progress.Report("making rows",
                    static_cast<std::int64_t>(std::min(round_start + threads, partitions.size())),
                    static_cast<std::int64_t>(partitions.size()), "partitions");
  }
  store.Close();
  streamer.CountDuplicates();  // every partition's rows have met now
  for (CustomerBase& customers : outcome.customers) {
    customers.Finish();
  }
  return outcome;
}

}  // namespace churn::features

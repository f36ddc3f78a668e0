#include "features/snapshot_rows.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "parallel/parallel_for.h"

namespace churn::features {
namespace {

constexpr double kHighValueQuantile = 0.75;

// Numeric ids sort as numbers when shorter ones come first.
bool UserIdLess(const UserHistory* left, const UserHistory* right) {
  const std::string& a = left->user_id();
  const std::string& b = right->user_id();
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// The users thread `thread_idx` of `threads` takes: [first, last).
std::pair<std::size_t, std::size_t> ShareOf(std::size_t count, int thread_idx, int threads) {
  auto share = [&](int idx) {
    return count * static_cast<std::size_t>(idx) / static_cast<std::size_t>(threads);
  };
  return {share(thread_idx), share(thread_idx + 1)};
}

}  // namespace

SnapshotRows::SnapshotRows(const std::vector<UserTable>& partitions, const SnapshotPlan& plan,
                           QualifyingEvent qualifying_event)
    : plan_(plan), qualifying_event_(qualifying_event) {
  for (const UserTable& table : partitions) {
    for (const UserHistory& history : table.histories()) {
      users_.push_back(&history);
    }
  }
  std::sort(users_.begin(), users_.end(), UserIdLess);
  user_keys_.reserve(users_.size());
  for (const UserHistory* history : users_) {
    user_keys_.push_back(KeyOf(history->user_id()));
  }
}

std::vector<SnapshotRows::UserLabel> SnapshotRows::Labels(std::size_t snapshot_idx,
                                                          int threads) const {
  std::vector<UserLabel> labels(users_.size());
  const Snapshot& snapshot = plan_.snapshots[snapshot_idx];
  parallel::ParallelFor(threads, [&](int thread_idx) {
    auto [first, last] = ShareOf(users_.size(), thread_idx, threads);
    for (std::size_t user_idx = first; user_idx < last; ++user_idx) {
      ReadAhead(user_idx);
      SnapshotStats stats = ComputeDayStats(*users_[user_idx], snapshot, qualifying_event_);
      labels[user_idx] = {.labelled = stats.observed && stats.in_cohort, .churned = stats.churned};
    }
  });
  return labels;
}

FeatureContext SnapshotRows::FitContext(
    std::size_t train_snapshots, int threads,
    const std::function<bool(std::size_t user_idx)>& in_training) const {
  // Each thread gathers the spend of buyers in its share of the users; the
  // quantile does not depend on their order.
  std::vector<std::vector<double>> spend_by_thread(static_cast<std::size_t>(threads));
  parallel::ParallelFor(threads, [&](int thread_idx) {
    std::vector<double>& spend = spend_by_thread[static_cast<std::size_t>(thread_idx)];
    auto [first, last] = ShareOf(users_.size(), thread_idx, threads);
    for (std::size_t user_idx = first; user_idx < last; ++user_idx) {
      ReadAhead(user_idx);
      if (in_training && !in_training(user_idx)) {
        continue;
      }
      for (std::size_t snapshot_idx = 0; snapshot_idx < train_snapshots; ++snapshot_idx) {
        SnapshotStats stats =
            ComputeDayStats(*users_[user_idx], plan_.snapshots[snapshot_idx], qualifying_event_);
        if (stats.observed && stats.in_cohort && stats.spend > 0) {
          spend.push_back(stats.spend);
        }
      }
    }
  });
  std::vector<double> buyer_spend;
  for (const std::vector<double>& spend : spend_by_thread) {
    buyer_spend.insert(buyer_spend.end(), spend.begin(), spend.end());
  }
  FeatureContext context;
  if (!buyer_spend.empty()) {
    auto rank = static_cast<std::size_t>(
        std::floor(kHighValueQuantile * static_cast<double>(buyer_spend.size() - 1)));
    std::nth_element(buyer_spend.begin(), buyer_spend.begin() + static_cast<long>(rank),
                     buyer_spend.end());
    context.high_value_spend = buyer_spend[rank];
  }
  return context;
}

bool SnapshotRows::RowOf(std::size_t snapshot_idx, std::size_t user_idx,
                         const FeatureContext& context, StatsScratch* scratch,
                         std::vector<double>* values, bool* churned) const {
  SnapshotStats stats = ComputeSnapshotStats(*users_[user_idx], plan_.snapshots[snapshot_idx],
                                             qualifying_event_, scratch);
  if (!stats.observed || !stats.in_cohort) {
    return false;
  }
  std::span<const FeatureSpec> registry = FeatureRegistry();
  values->resize(registry.size());
  for (std::size_t feature_idx = 0; feature_idx < registry.size(); ++feature_idx) {
    (*values)[feature_idx] = registry[feature_idx].compute(stats, context);
  }
  *churned = stats.churned;
  return true;
}

}  // namespace churn::features

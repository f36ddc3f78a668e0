#include "features/snapshot_rows.h"

#include <algorithm>
#include <cmath>

namespace churn::features {
namespace {

constexpr double kHighValueQuantile = 0.75;

// Numeric ids sort as numbers when shorter ones come first.
bool UserIdLess(const UserHistory* left, const UserHistory* right) {
  const std::string& a = left->user_id();
  const std::string& b = right->user_id();
  return a.size() != b.size() ? a.size() < b.size() : a < b;
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
}

void SnapshotRows::ForEachLabel(
    std::size_t snapshot_idx,
    const std::function<void(const UserHistory&, bool churned)>& visit) const {
  StatsScratch scratch;
  const Snapshot& snapshot = plan_.snapshots[snapshot_idx];
  for (const UserHistory* history : users_) {
    SnapshotStats stats = ComputeSnapshotStats(*history, snapshot, qualifying_event_, &scratch);
    if (stats.observed && stats.in_cohort) {
      visit(*history, stats.churned);
    }
  }
}

FeatureContext SnapshotRows::FitContext(
    std::size_t train_snapshots, const std::function<bool(const UserHistory&)>& in_training) const {
  std::vector<double> buyer_spend;
  for (std::size_t snapshot_idx = 0; snapshot_idx < train_snapshots; ++snapshot_idx) {
    for (const UserHistory* history : users_) {
      if (in_training && !in_training(*history)) {
        continue;
      }
      SnapshotStats stats = ComputeDayStats(*history, plan_.snapshots[snapshot_idx]);
      if (stats.observed && stats.in_cohort && stats.spend > 0) {
        buyer_spend.push_back(stats.spend);
      }
    }
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

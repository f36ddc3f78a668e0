#pragma once
// SnapshotRows turns the streamed histories into feature rows: for each
// snapshot, every user observed before its cutoff (and in its cohort), in a
// fixed order of user ids, so the same logs always give the same rows.

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "features/churn_definition.h"
#include "features/feature_registry.h"
#include "features/snapshot_plan.h"
#include "features/user_table.h"

namespace churn::features {

struct FeatureRow {
  const std::string* user_id = nullptr;
  std::uint64_t user_key = 0;
  std::size_t snapshot_idx = 0;
  std::span<const double> values;  // in registry order
  bool churned = false;
};

class SnapshotRows {
 public:
  SnapshotRows(const std::vector<UserTable>& partitions, const SnapshotPlan& plan,
               QualifyingEvent qualifying_event);

  // Visits the labelled users of one snapshot (their label only).
  void ForEachLabel(std::size_t snapshot_idx,
                    const std::function<void(const UserHistory&, bool churned)>& visit) const;

  // The context fixed on the training snapshots (the first `train_snapshots`).
  FeatureContext FitContext(std::size_t train_snapshots) const;

  // Visits every row of one snapshot, values computed with `context`.
  void ForEachRow(std::size_t snapshot_idx, const FeatureContext& context,
                  const std::function<void(const FeatureRow&)>& visit) const;

 private:
  std::vector<const UserHistory*> users_;  // ordered by user id
  const SnapshotPlan& plan_;
  QualifyingEvent qualifying_event_;
};

}  // namespace churn::features

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

class SnapshotRows {
 public:
  SnapshotRows(const std::vector<UserTable>& partitions, const SnapshotPlan& plan,
               QualifyingEvent qualifying_event);

  // Visits the labelled users of one snapshot (their label only).
  void ForEachLabel(std::size_t snapshot_idx,
                    const std::function<void(const UserHistory&, bool churned)>& visit) const;

  // The context fixed on the training rows: the first `train_snapshots`
  // snapshots, and of their users those `in_training` accepts (all if empty).
  FeatureContext FitContext(std::size_t train_snapshots, int threads,
                            const std::function<bool(const UserHistory&)>& in_training = {}) const;

  // The row of user number `user_idx` (in user id order) in one snapshot;
  // false when the user is not labelled there. Safe to call from several
  // threads, each with its own scratch and values.
  bool RowOf(std::size_t snapshot_idx, std::size_t user_idx, const FeatureContext& context,
             StatsScratch* scratch, std::vector<double>* values, bool* churned) const;

  std::size_t user_count() const { return users_.size(); }
  const UserHistory& user(std::size_t user_idx) const { return *users_[user_idx]; }

 private:
  std::vector<const UserHistory*> users_;  // ordered by user id
  SnapshotPlan plan_;
  QualifyingEvent qualifying_event_;
};

}  // namespace churn::features

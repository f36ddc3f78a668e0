#pragma once
// SnapshotRows turns the streamed histories into feature rows: for each
// snapshot, every user observed before its cutoff (and in its cohort), in a
// fixed order of user ids, so the same logs always give the same rows.

#include <cstdint>
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

  // Every user's label in one snapshot, by user number, computed from the
  // day records alone on `threads` threads.
  struct UserLabel {
    bool labelled = false;  // observed before the cutoff and in the cohort
    bool churned = false;
  };
  std::vector<UserLabel> Labels(std::size_t snapshot_idx, int threads) const;

  // The context fixed on the training rows: the first `train_snapshots`
  // snapshots, and of their users those `in_training` accepts (all if empty).
  FeatureContext FitContext(
      std::size_t train_snapshots, int threads,
      const std::function<bool(std::size_t user_idx)>& in_training = {}) const;

  // The row of user number `user_idx` (in user id order) in one snapshot;
  // false when the user is not labelled there. Safe to call from several
  // threads, each with its own scratch and values.
  bool RowOf(std::size_t snapshot_idx, std::size_t user_idx, const FeatureContext& context,
             StatsScratch* scratch, std::vector<double>* values, bool* churned) const;

  // Histories lie in memory in an order unrelated to their ids: a loop over
  // users in order calls this for each, and the memory of the users a few
  // places ahead arrives while it works on this one.
  void ReadAhead(std::size_t user_idx) const {
    constexpr std::size_t kHistoryAhead = 16;
    constexpr std::size_t kRecordsAhead = 8;
    if (user_idx + kHistoryAhead < users_.size()) {
      __builtin_prefetch(users_[user_idx + kHistoryAhead]);
    }
    if (user_idx + kRecordsAhead < users_.size()) {
      users_[user_idx + kRecordsAhead]->PrefetchRecords();
    }
  }

  std::size_t user_count() const { return users_.size(); }
  const UserHistory& user(std::size_t user_idx) const { return *users_[user_idx]; }
  std::uint64_t user_key(std::size_t user_idx) const { return user_keys_[user_idx]; }

 private:
  std::vector<const UserHistory*> users_;  // ordered by user id
  std::vector<std::uint64_t> user_keys_;   // KeyOf each user id, in the same order
  SnapshotPlan plan_;
  QualifyingEvent qualifying_event_;
};

}  // namespace churn::features

#pragma once
// TimeSplit decides which rows train and which test. With two snapshots or
// more the test set is the latest snapshot, later in time than every
// training row (out of time). With a single snapshot, a share of its users
// is held out, stratified by label, with a fixed seed; the outputs say which
// split was used.

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "collective/worker_group.h"

namespace churn::dataset {

enum class SplitKind { kOutOfTime, kStratifiedUsers };

std::string_view SplitKindName(SplitKind kind);  // "out_of_time", "stratified_users"

class TimeSplit {
 public:
  TimeSplit(std::size_t snapshot_count, double test_share, std::uint64_t seed);

  SplitKind kind() const { return kind_; }
  // Snapshots [0, train_snapshots) train; with a single snapshot it is 1.
  std::size_t train_snapshots() const { return train_snapshots_; }

  // Single snapshot only: every labelled user, before IsTest is asked.
  void AddUser(std::uint64_t user_key, bool churned);
  // Single snapshot only: picks the test users, the same share of each
  // class, of every worker's users in `group` (each worker adds its own).
  void ChooseTestUsers(const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

  bool IsTest(std::size_t snapshot_idx, std::uint64_t user_key) const;

 private:
  SplitKind kind_;
  std::size_t snapshot_count_;
  std::size_t train_snapshots_;
  double test_share_;
  std::uint64_t seed_;
  std::vector<std::uint64_t> churned_users_;
  std::vector<std::uint64_t> staying_users_;
  std::unordered_set<std::uint64_t> test_users_;
};

}  // namespace churn::dataset

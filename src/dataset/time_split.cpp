#include "dataset/time_split.h"

#include <algorithm>
#include <cmath>

#include "collective/radix_select.h"
#include "errors/error.h"
#include "random/split_mix64.h"

namespace churn::dataset {

std::string_view SplitKindName(SplitKind kind) {
  return kind == SplitKind::kOutOfTime ? "out_of_time" : "stratified_users";
}

TimeSplit::TimeSplit(std::size_t snapshot_count, double test_share, std::uint64_t seed)
    : kind_(snapshot_count >= 2 ? SplitKind::kOutOfTime : SplitKind::kStratifiedUsers),
      snapshot_count_(snapshot_count),
      train_snapshots_(snapshot_count >= 2 ? snapshot_count - 1 : 1),
      test_share_(test_share),
      seed_(seed) {
  if (snapshot_count == 0) {
    throw InternalError("a split needs at least one snapshot");
  }
}

void TimeSplit::AddUser(std::uint64_t user_key, bool churned) {
  (churned ? churned_users_ : staying_users_).push_back(user_key);
}

// Each user draws a number from its key and the seed; a class's test users
// are the share of it with the smallest draws, found over every worker's
// users without gathering them.
void TimeSplit::ChooseTestUsers(const collective::WorkerGroup& group) {
  for (const std::vector<std::uint64_t>* users : {&churned_users_, &staying_users_}) {
    std::vector<std::uint64_t> draws;
    draws.reserve(users->size());
    for (std::uint64_t user_key : *users) {
      draws.push_back(random::MixBits(user_key ^ seed_));
    }
    std::int64_t total = collective::TotalCount(draws, group);
    auto test_count =
        static_cast<std::int64_t>(std::llround(test_share_ * static_cast<double>(total)));
    if (test_count == 0) {
      continue;
    }
    std::uint64_t last_drawn = collective::KthSmallest(draws, test_count - 1, group);
    for (std::size_t user_idx = 0; user_idx < users->size(); ++user_idx) {
      if (draws[user_idx] <= last_drawn) {
        test_users_.insert((*users)[user_idx]);
      }
    }
  }
}

bool TimeSplit::IsTest(std::size_t snapshot_idx, std::uint64_t user_key) const {
  if (kind_ == SplitKind::kOutOfTime) {
    return snapshot_idx + 1 == snapshot_count_;
  }
  return test_users_.contains(user_key);
}

}  // namespace churn::dataset

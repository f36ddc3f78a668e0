#include "dataset/time_split.h"

#include <algorithm>
#include <cmath>

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

void TimeSplit::ChooseTestUsers() {
  for (std::vector<std::uint64_t>* users : {&churned_users_, &staying_users_}) {
    std::sort(users->begin(), users->end(), [&](std::uint64_t left, std::uint64_t right) {
      return random::MixBits(left ^ seed_) < random::MixBits(right ^ seed_);
    });
    auto test_count =
        static_cast<std::size_t>(std::llround(test_share_ * static_cast<double>(users->size())));
    test_users_.insert(users->begin(), users->begin() + static_cast<long>(test_count));
  }
}

bool TimeSplit::IsTest(std::size_t snapshot_idx, std::uint64_t user_key) const {
  if (kind_ == SplitKind::kOutOfTime) {
    return snapshot_idx + 1 == snapshot_count_;
  }
  return test_users_.contains(user_key);
}

}  // namespace churn::dataset

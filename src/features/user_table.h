#pragma once
// UserTable maps user keys to their histories: one per partition of users,
// owned by one thread while the logs stream.

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "features/user_history.h"

namespace churn::features {

class UserTable {
 public:
  // The history of the user, created on their first event.
  UserHistory& HistoryOf(std::uint64_t user_key, std::string_view user_id) {
    auto [position, inserted] =
        index_.try_emplace(user_key, static_cast<std::uint32_t>(histories_.size()));
    if (inserted) {
      histories_.emplace_back(std::string(user_id));
    }
    return histories_[position->second];
  }

  // Index of a known user, or kUnknown; with Prefetch, lets the fold loop
  // fetch the memory of users a few events ahead (see LogStreamer).
  static constexpr std::uint32_t kUnknown = static_cast<std::uint32_t>(-1);
  void PrefetchSlot(std::uint64_t user_key) const { index_.prefetch(user_key); }
  std::uint32_t Find(std::uint64_t user_key) const {
    auto position = index_.find(user_key);
    return position == index_.end() ? kUnknown : position->second;
  }
  UserHistory& At(std::uint32_t index) { return histories_[index]; }

  std::vector<UserHistory>& histories() { return histories_; }
  const std::vector<UserHistory>& histories() const { return histories_; }
  std::size_t size() const { return histories_.size(); }

 private:
  absl::flat_hash_map<std::uint64_t, std::uint32_t> index_;
  std::vector<UserHistory> histories_;
};

}  // namespace churn::features

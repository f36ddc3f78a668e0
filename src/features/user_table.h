#pragma once
// UserTable maps user keys to their histories: one per partition of users,
// folded by one thread at a time. It keeps a running count of the bytes it
// holds, so the engine can keep its memory within the budget without
// walking millions of histories.

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "features/user_history.h"

namespace churn::features {

class UserTable {
 public:
  // The number of the user's history, created on their first event: the one
  // hash probe an event costs. Histories are numbered in order of creation.
  std::uint32_t IndexOf(std::uint64_t user_key, std::string_view user_id) {
    auto [position, inserted] =
        index_.try_emplace(user_key, static_cast<std::uint32_t>(histories_.size()));
    if (inserted) {
      if (histories_.size() == histories_.capacity()) {
        histories_.reserve(histories_.size() + histories_.size() / 2 + kFirstUsers);
      }
      histories_bytes_ += histories_.emplace_back(std::string(user_id)).MemoryBytes();
    }
    return position->second;
  }

  // Adds one event to history `index`, keeping the count of bytes, unless
  // it repeats an earlier row exactly and `drop_duplicates` is set. Returns
  // true for such a duplicate.
  bool Add(std::uint32_t index, const LogEvent& event, bool drop_duplicates) {
    UserHistory& history = histories_[index];
    std::size_t before = history.MemoryBytes();
    bool duplicate = history.NoteRow(event);
    if (!duplicate || !drop_duplicates) {
      history.Add(event);
    }
    histories_bytes_ += history.MemoryBytes() - before;
    return duplicate;
  }

  // Forgets every history's rows of days before `day` (UserHistory::ForgetRowsBefore).
  void ForgetRowsBefore(Day day) {
    for (UserHistory& history : histories_) {
      std::size_t before = history.MemoryBytes();
      history.ForgetRowsBefore(day);
      histories_bytes_ -= before - history.MemoryBytes();
    }
  }

  // Takes in a history read back from a spill file.
  void Restore(UserHistory history) {
    index_.try_emplace(KeyOf(history.user_id()), static_cast<std::uint32_t>(histories_.size()));
    histories_bytes_ += history.MemoryBytes();
    histories_.push_back(std::move(history));
  }

  void PrefetchSlot(std::uint64_t user_key) const { index_.prefetch(user_key); }
  UserHistory& At(std::uint32_t index) { return histories_[index]; }

  std::vector<UserHistory>& histories() { return histories_; }
  const std::vector<UserHistory>& histories() const { return histories_; }
  std::size_t size() const { return histories_.size(); }

  // Bytes held: the histories, their lists and the hash index.
  std::size_t MemoryBytes() const {
    constexpr std::size_t kSlotBytes = sizeof(std::pair<std::uint64_t, std::uint32_t>) + 1;
    return histories_bytes_ + (histories_.capacity() - histories_.size()) * sizeof(UserHistory) +
           index_.capacity() * kSlotBytes;
  }

  // Frees everything (the partition has spilled or been turned into rows).
  void Clear() {
    // Swapped with empty ones: `= {}` would assign an empty list and keep
    // the capacity.
    decltype(index_)().swap(index_);
    std::vector<UserHistory>().swap(histories_);
    histories_bytes_ = 0;
  }

 private:
  static constexpr std::size_t kFirstUsers = 16;

  absl::flat_hash_map<std::uint64_t, std::uint32_t> index_;
  std::vector<UserHistory> histories_;
  std::size_t histories_bytes_ = 0;  // MemoryBytes() of every history
};

}  // namespace churn::features

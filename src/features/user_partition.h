#pragma once
// UserPartition holds the users whose key falls in one of a fixed number of
// partitions: in memory as a UserTable while the engine's budget allows, on
// disk once it spilled (its histories written out, and every later event
// appended after them). A partition is folded by one thread at a time and
// turned into rows on its own, so its memory is freed before the next, and
// the partitions, not the threads or the budget, fix the order of the rows.
//
//   partition.Fold(events);                    // per batch, in file order
//   if (over_budget) partition.Spill(folder);  // memory freed, events go to disk
//   UserTable users = partition.TakeFinished();

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "features/log_event.h"
#include "features/spill_folder.h"
#include "features/user_table.h"

namespace churn::features {

// Enough partitions that one of them stays within a cache and a budget even
// for tens of millions of users; fixed, so the output never depends on the
// machine.
inline constexpr std::size_t kUserPartitions = 256;
inline constexpr int kPartitionShift = 56;  // the key's top byte picks the partition

inline std::size_t PartitionOf(std::uint64_t user_key) {
  return static_cast<std::size_t>(user_key >> kPartitionShift);
}

// The partitions one of `count` workers of a distributed run keeps: a
// contiguous run of them, so that the workers' rows of a snapshot, taken in
// worker order, are in the order one process writes them. The default
// shard, one of one, keeps every partition.
struct UserShard {
  int index = 0;
  int count = 1;

  std::size_t first_partition() const { return Boundary(index); }
  std::size_t end_partition() const { return Boundary(index + 1); }
  bool Owns(std::size_t partition) const {
    return partition >= first_partition() && partition < end_partition();
  }

 private:
  std::size_t Boundary(int shard) const {
    return kUserPartitions * static_cast<std::size_t>(shard) / static_cast<std::size_t>(count);
  }
};

class UserPartition {
 public:
  // With `drop_duplicates`, rows that repeat an earlier row of their user
  // exactly are counted and left out; without, counted and folded in.
  explicit UserPartition(std::size_t index, bool drop_duplicates = false)
      : index_(index), drop_duplicates_(drop_duplicates) {}

  // Folds a batch of this partition's events, in the logs' order, into the
  // histories, or appends them to the spill file once spilled.
  void Fold(std::span<const LogEvent* const> events);

  // Writes the histories to `folder` and frees them; later events follow
  // them to disk. Throws IoError.
  void Spill(const SpillFolder& folder);

  // Frees the prints of rows of days before `day`, which no row still to
  // come may repeat (in memory only: a spilled partition's stay on disk).
  void ForgetRowsBefore(Day day);

  // Every history, all events folded (spilled ones read back and folded on)
  // and Finish()ed. Call once, after the last Fold; leaves it empty.
  UserTable TakeFinished();

  std::size_t index() const { return index_; }
  bool spilled() const { return events_out_.has_value(); }
  std::size_t MemoryBytes() const { return table_.MemoryBytes(); }
  std::int64_t spilled_bytes() const { return spilled_bytes_; }
  std::int64_t events() const { return events_; }
  // Exact duplicate rows found so far, by LogEvent::file: those of a spilled
  // partition once TakeFinished read it back.
  std::span<const std::int64_t> duplicates_by_file() const { return duplicates_by_file_; }

 private:
  void FoldInMemory(std::span<const LogEvent* const> events);
  // The spilled histories and the events after them, back into the table.
  void ReadBackSpilled();

  std::size_t index_;
  bool drop_duplicates_ = false;
  std::vector<std::int64_t> duplicates_by_file_;
  UserTable table_;
  std::optional<SpillWriter> events_out_;  // set once spilled
  std::filesystem::path histories_path_;
  std::int64_t spilled_bytes_ = 0;
  std::int64_t events_ = 0;
};

}  // namespace churn::features

#pragma once
// The workers of one distributed run as each of them sees the others: its
// rank among them and the collective operations they make together, through
// XGBoost's own collective (rabit over TCP), the one its boosted trees train
// on. A process that runs alone is the solo group, rank 0 of 1, whose
// operations leave their data as it is; so a stage written against a
// WorkerGroup runs unchanged alone or as one of N workers.
//
//   const collective::WorkerGroup& group = membership.group();  // or WorkerGroup::Solo()
//   std::array<std::int64_t, 2> counts = {users, churned};
//   group.Sum(std::span(counts));  // every worker's, added up, on every worker
//
// Every operation is collective: every worker makes the same calls in the
// same order, or the run waits until the collective's timeout. None is
// thread-safe (XGBoost's communicator is one per process). Failures throw
// ClusterError.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace churn::collective {

class WorkerGroup {
 public:
  // Rank 0 of 1: no communication.
  static WorkerGroup Solo() { return {0, 1}; }

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }
  // The worker that writes what the run writes once (reports, the model).
  bool coordinator() const { return rank_ == 0; }

  // Element by element, over every worker; the result on every worker.
  void Sum(std::span<double> values) const;
  void Sum(std::span<std::int64_t> values) const;
  void Max(std::span<std::int64_t> values) const;
  void Max(std::span<double> values) const;
  void Min(std::span<std::int64_t> values) const;
  void Min(std::span<double> values) const;
  // True on every worker when `mine` is true on every worker: a decision
  // each worker would otherwise take on its own rows alone.
  bool AllOf(bool mine) const;

  // Rank `root`'s `bytes` on every worker, in place of their own.
  void Broadcast(std::string& bytes, int root) const;

  // Every worker's `mine`, in rank order, on every worker.
  std::vector<std::string> Gather(const std::string& mine) const;

  // Returns once every worker has called it.
  void Barrier() const;

 private:
  friend class GroupMembership;
  WorkerGroup(int rank, int size) : rank_(rank), size_(size) {}

  int rank_ = 0;
  int size_ = 1;
};

}  // namespace churn::collective

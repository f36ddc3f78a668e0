#pragma once
// Joining the workers of a distributed run: the process becomes one of
// `workers` workers that the tracker brings together (XGBCommunicatorInit,
// rabit), takes the rank the tracker gives it, and leaves when the
// membership ends. XGBoost's boosted trees train through the same
// collective while it lasts. One membership per process at a time.
//
//   collective::GroupMembership membership({.tracker = address, .workers = 3});
//   RunStage(..., membership.group());

#include <string>

#include "collective/tracker_address.h"
#include "collective/worker_group.h"

namespace churn::collective {

struct JoinSettings {
  TrackerAddress tracker;
  int workers = 1;
  // How this worker is known to the tracker and in messages; the tracker
  // gives ranks in the order workers arrive, not by it.
  std::string task_id;
  // How long an operation may wait for the other workers before it fails:
  // a worker on another machine that died leaves the others waiting.
  int timeout_seconds = 600;
};

class GroupMembership {
 public:
  // Throws ClusterError when the tracker cannot be reached or gives a group
  // of another size.
  explicit GroupMembership(const JoinSettings& settings);
  ~GroupMembership();
  GroupMembership(const GroupMembership&) = delete;
  GroupMembership& operator=(const GroupMembership&) = delete;

  const WorkerGroup& group() const { return group_; }

 private:
  WorkerGroup group_ = WorkerGroup::Solo();
};

}  // namespace churn::collective

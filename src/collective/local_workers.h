#pragma once
// A distributed run on this machine: Debian's XGBoost tracker on loopback
// and `workers` worker processes that meet through it, started and watched
// until every one has finished. A worker that fails (a non-zero exit, a
// signal) fails the run: the others are stopped at once, and ClusterError
// names it and how it ended, so nothing is taken for a whole result.
//
//   collective::RunLocalWorkers(3, [&](const collective::TrackerAddress& tracker, int) {
//     return std::vector<std::string>{"/proc/self/exe", "features", "--tracker",
//                                     tracker.ToString(), "--workers", "3"};
//   });

#include <functional>
#include <string>
#include <vector>

#include "collective/tracker_address.h"

namespace churn::collective {

// The command line of worker `worker_idx` (argv[0] a path), given the tracker.
using WorkerCommand =
    std::function<std::vector<std::string>(const TrackerAddress& tracker, int worker_idx)>;

void RunLocalWorkers(int workers, const WorkerCommand& command);

}  // namespace churn::collective

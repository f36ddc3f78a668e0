#pragma once
// How a command runs on several workers (--workers, --tracker;
// docs/scale-out.md): alone, as one worker of a run whose tracker is given,
// or as the launcher of N local workers that meet at a tracker it starts on
// loopback, each of them this program with the same command line and the
// tracker's address. A worker that is not the coordinator logs only errors
// and prints nothing: the coordinator tells what the run did.
//
//   return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
//     return RunFeatures(config, quiet, group);
//   });

#include <functional>

#include "app/exit_code.h"
#include "app/invocation.h"
#include "collective/worker_group.h"

namespace churn::app {

using WorkerPart = std::function<ExitCode(const collective::WorkerGroup& group, bool quiet)>;

ExitCode RunDistributed(const Invocation& invocation, const WorkerPart& part);

}  // namespace churn::app

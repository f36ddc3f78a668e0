#pragma once
// A step that may fail on one worker only (a check of its own files, the
// coordinator's writing), made so that the workers go on together or stop
// together: after the step, they agree on whether any of them failed, and if
// one did, every worker throws. Without it, a worker whose step threw would
// leave the others waiting in the next collective operation until the
// collective's timeout, or, worse, meet them in another operation than
// theirs.
//
//   StepTogether(group, [&] {
//     if (group.coordinator()) WriteArtifacts(...);
//   });
//
// The step itself must make no collective operation: a worker that fails
// half way through one leaves the others inside it.

#include <functional>

#include "collective/worker_group.h"

namespace churn::collective {

// Runs `step`. When it throws on any worker, the worker that failed rethrows
// its own error and every other worker throws an error of the same kind
// naming it: InputError when the failure was one (a stage that goes on after
// an InputError, as `run` after a backtest that cannot be made, goes on on
// every worker alike), else ClusterError. Alone, just `step()`.
void StepTogether(const WorkerGroup& group, const std::function<void()>& step);

}  // namespace churn::collective

#include "collective/local_workers.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <thread>
#include <utility>
#include <vector>

#include "collective/child_process.h"
#include "collective/tracker_process.h"
#include "errors/error.h"

namespace churn::collective {
namespace {

// The workers still running, by pid, with their index.
using RunningWorkers = std::map<pid_t, int>;

void StopAll(const RunningWorkers& running) {
  for (const auto& [pid, worker_idx] : running) {
    kill(pid, SIGTERM);
  }
  for (const auto& [pid, worker_idx] : running) {
    StopChild(pid);
  }
}

constexpr auto kWatchInterval = std::chrono::milliseconds(20);
// Once one worker failed, how long the others may take to end on their own
// (those that lost it in the collective fail too) before they are stopped.
constexpr auto kGraceAfterFailure = std::chrono::milliseconds(500);

// "worker 2 of 3 (pid 4242) was killed by signal 9 (Killed)"
std::string Describe(const RunningWorkers::value_type& worker, int workers, int status) {
  return fmt::format("worker {} of {} (pid {}) {}", worker.second + 1, workers, worker.first,
                     DescribeExit(status));
}

// Reaps the workers that ended since the last look; the failures among
// them are appended to `failures` (those seen in one look, by process id).
void ReapEnded(RunningWorkers& running, int workers, std::vector<std::string>& failures) {
  for (auto worker = running.begin(); worker != running.end();) {
    int status = 0;
    if (waitpid(worker->first, &status, WNOHANG) != worker->first) {
      ++worker;
      continue;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      failures.push_back(Describe(*worker, workers, status));
    }
    worker = running.erase(worker);
  }
}

}  // namespace

void RunLocalWorkers(int workers, const WorkerCommand& command) {
  TrackerProcess tracker = TrackerProcess::Start(workers, "127.0.0.1");
  RunningWorkers running;
  try {
    for (int worker_idx = 0; worker_idx < workers; ++worker_idx) {
      running.emplace(StartChild(command(tracker.address(), worker_idx)), worker_idx);
    }
  } catch (...) {
    StopAll(running);
    throw;
  }
  std::vector<std::string> failures;
  while (!running.empty() && failures.empty()) {
    std::this_thread::sleep_for(kWatchInterval);
    ReapEnded(running, workers, failures);
    if (tracker.pid() > 0 && waitpid(tracker.pid(), nullptr, WNOHANG) == tracker.pid()) {
      tracker.Reaped();  // it leaves once the last worker has said it is done
    }
  }
  if (failures.empty()) {
    return;
  }
  auto grace_end = std::chrono::steady_clock::now() + kGraceAfterFailure;
  while (!running.empty() && std::chrono::steady_clock::now() < grace_end) {
    std::this_thread::sleep_for(kWatchInterval);
    ReapEnded(running, workers, failures);
  }
  StopAll(running);
  // The first seen is the likeliest cause; those after it mostly lost it.
  throw ClusterError(
      fmt::format("{}; the other workers were stopped and the run's outputs left as they were",
                  fmt::join(failures, "; then ")));
}

}  // namespace churn::collective

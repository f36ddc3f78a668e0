#include "collective/group_membership.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xgboost/c_api.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "errors/error.h"

namespace churn::collective {
namespace {

// XGCommunicatorInit, without the line rabit writes to stderr about the
// rank it was given (XGBoost's verbosity does not reach it); the process
// logs its own. A failure's message is XGBGetLastError's either way.
int JoinQuietly(const std::string& config) {
  std::fflush(stderr);
  int saved = dup(STDERR_FILENO);
  int quiet = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved >= 0 && quiet >= 0) {
    dup2(quiet, STDERR_FILENO);
  }
  int rc = XGCommunicatorInit(config.c_str());
  std::fflush(stderr);
  if (saved >= 0) {
    dup2(saved, STDERR_FILENO);
    close(saved);
  }
  if (quiet >= 0) {
    close(quiet);
  }
  return rc;
}

}  // namespace

GroupMembership::GroupMembership(const JoinSettings& settings) {
  nlohmann::json config = {{"xgboost_communicator", "rabit"},
                           {"rabit_tracker_uri", settings.tracker.host},
                           {"rabit_tracker_port", settings.tracker.port},
                           {"rabit_world_size", settings.workers},
                           {"rabit_task_id", settings.task_id},
                           {"rabit_timeout", true},
                           {"rabit_timeout_sec", settings.timeout_seconds}};
  if (JoinQuietly(config.dump()) != 0) {
    throw ClusterError(fmt::format("worker {} could not join the tracker at {}: {}",
                                   settings.task_id, settings.tracker.ToString(),
                                   XGBGetLastError()));
  }
  int size = XGCommunicatorGetWorldSize();
  if (size != settings.workers) {
    XGCommunicatorFinalize();
    throw ClusterError(fmt::format("the tracker at {} brought {} workers together, not {}",
                                   settings.tracker.ToString(), size, settings.workers));
  }
  group_ = WorkerGroup(XGCommunicatorGetRank(), size);
}

GroupMembership::~GroupMembership() {
  XGCommunicatorFinalize();  // nothing to do on failure: the process is leaving the run
}

}  // namespace churn::collective

#pragma once
// Starting and stopping the child processes of a distributed run on this
// machine (the tracker, the workers). A child dies with its parent
// (PR_SET_PDEATHSIG), so a launcher killed outright leaves no worker behind.

#include <sys/types.h>

#include <string>
#include <vector>

namespace churn::collective {

struct ChildStreams {
  int stdout_fd = -1;  // -1: the parent's
  int stderr_fd = -1;  // -1: the parent's
};

// Starts `argv` (argv[0] a path) with this process's environment. Throws
// ClusterError when it cannot be started.
pid_t StartChild(const std::vector<std::string>& argv, const ChildStreams& streams = {});

// SIGTERM, then SIGKILL after `grace_ms` if it still runs; reaps it.
void StopChild(pid_t pid, int grace_ms = 2000);

// "exited with status 3", "was killed by signal 9 (Killed)".
std::string DescribeExit(int wait_status);

}  // namespace churn::collective

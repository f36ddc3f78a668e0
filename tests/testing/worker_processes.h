#pragma once
// Runs N copies of a probe program as the workers of one distributed run:
// Debian's XGBoost tracker on loopback, each probe told its address, and
// what each printed on stdout, in the order they were started. For the
// tests of code that runs on several workers (collective/, model/).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "collective/child_process.h"
#include "collective/tracker_process.h"
#include "testing/temp_dir.h"

namespace churn::testing {

inline bool TrackerInstalled() {
  return std::filesystem::exists(collective::TrackerScript());
}

// The probe's command line, given the tracker.
using ProbeCommand = std::function<std::vector<std::string>(const collective::TrackerAddress&)>;

// Each probe's stdout; a probe that fails fails the test.
inline std::vector<std::string> RunProbes(int workers, const ProbeCommand& command) {
  TempDir folder;
  collective::TrackerProcess tracker = collective::TrackerProcess::Start(workers, "127.0.0.1");
  std::vector<pid_t> probes;
  std::vector<std::filesystem::path> outputs;
  for (int worker_idx = 0; worker_idx < workers; ++worker_idx) {
    outputs.push_back(folder / ("worker" + std::to_string(worker_idx)));
    int output = ::open(outputs.back().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    probes.push_back(
        collective::StartChild(command(tracker.address()), {.stdout_fd = output, .stderr_fd = -1}));
    ::close(output);
  }
  std::vector<std::string> printed;
  for (int worker_idx = 0; worker_idx < workers; ++worker_idx) {
    int status = 0;
    ::waitpid(probes[worker_idx], &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "probe " << worker_idx << " " << collective::DescribeExit(status);
    printed.push_back(ReadTextFile(outputs[worker_idx]));
  }
  return printed;
}

}  // namespace churn::testing

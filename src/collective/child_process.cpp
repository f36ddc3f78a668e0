#include "collective/child_process.h"

#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include "errors/error.h"

namespace churn::collective {
namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20);

}  // namespace

pid_t StartChild(const std::vector<std::string>& argv, const ChildStreams& streams) {
  // Everything the child needs is made before fork: between fork and exec it
  // may only make async-signal-safe calls.
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));  // execv's signature; never written
  }
  args.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    throw ClusterError(fmt::format("could not start {}: {}", argv.front(), std::strerror(errno)));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
      _exit(127);  // the parent is already gone
    }
    if (streams.stdout_fd >= 0) {
      dup2(streams.stdout_fd, STDOUT_FILENO);
    }
    if (streams.stderr_fd >= 0) {
      dup2(streams.stderr_fd, STDERR_FILENO);
    }
    execv(args.front(), args.data());
    _exit(127);
  }
  return pid;
}

void StopChild(pid_t pid, int grace_ms) {
  if (pid <= 0) {
    return;
  }
  kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return fmt::format("exited with status {}", WEXITSTATUS(wait_status));
  }
  if (WIFSIGNALED(wait_status)) {
    int signal = WTERMSIG(wait_status);
    return fmt::format("was killed by signal {} ({})", signal, strsignal(signal));
  }
  return "stopped";
}

}  // namespace churn::collective

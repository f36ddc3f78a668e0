#include "collective/tracker_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>

#include "collective/child_process.h"
#include "errors/error.h"

namespace churn::collective {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr std::string_view kPortLine = "DMLC_TRACKER_PORT=";
constexpr std::string_view kEndLine = "DMLC_TRACKER_ENV_END\n";

// A pipe's two ends; the write end closed when it goes, the read end
// handed on (Release) or closed.
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      throw ClusterError("could not make a pipe to the tracker");
    }
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    CloseWriteEnd();
    if (read_end >= 0) {
      close(read_end);
    }
  }
  int Release() { return std::exchange(read_end, -1); }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void CloseWriteEnd() {
    if (write_end >= 0) {
      close(write_end);
      write_end = -1;
    }
  }
};

// The port the tracker prints among its DMLC_* lines on stdout, read to
// their end (the pipe stays open while the tracker lives: it must never
// write into a closed one); nullopt when it ends its output or says
// nothing in time.
std::optional<int> ReadPort(int fd) {
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  std::string text;
  while (true) {
    std::size_t at = text.find(kPortLine);
    if (at != std::string::npos && text.find(kEndLine, at) != std::string::npos) {
      return std::atoi(text.c_str() + at + kPortLine.size());
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd ready{.fd = fd, .events = POLLIN, .revents = 0};
    if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0) {
      return std::nullopt;
    }
    char buffer[512];
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) {
      return std::nullopt;
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
}

}  // namespace

std::filesystem::path TrackerScript() {
  const char* chosen = std::getenv("CHURN_RADAR_XGBOOST_TRACKER");
  return chosen != nullptr && *chosen != '\0' ? chosen : kDebianTrackerScript;
}

TrackerProcess TrackerProcess::Start(int workers, const std::string& host) {
  std::filesystem::path script = TrackerScript();
  if (!std::filesystem::exists(script)) {
    throw ClusterError(fmt::format(
        "XGBoost's tracker is not at {}: install python3-xgboost (apt), or name the tracker.py "
        "to use in CHURN_RADAR_XGBOOST_TRACKER",
        script.string()));
  }
  Pipe out;
  int quiet = open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_t pid = StartChild({"/usr/bin/python3", script.string(), "--num-workers",
                          std::to_string(workers), "--host-ip", host},
                         {.stdout_fd = out.write_end, .stderr_fd = quiet});
  close(quiet);
  out.CloseWriteEnd();
  std::optional<int> port = ReadPort(out.read_end);
  if (!port || *port <= 0) {
    StopChild(pid);
    throw ClusterError(fmt::format("XGBoost's tracker ({}) did not say its port within {} s",
                                   script.string(), kStartTimeout.count()));
  }
  return {pid, {.host = host, .port = *port}, out.Release()};
}

TrackerProcess::TrackerProcess(TrackerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      address_(std::move(other.address_)),
      output_(std::exchange(other.output_, -1)) {}

TrackerProcess::~TrackerProcess() {
  StopChild(pid_, /*grace_ms=*/500);
  if (output_ >= 0) {
    close(output_);
  }
}

}  // namespace churn::collective

#include "server/shutdown_signals.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace churn::server {

ShutdownSignals::ShutdownSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

void ShutdownSignals::StopOnSignal(DashboardServer& server) {
  watcher_ = std::thread([this, &server] {
    constexpr auto kRetry = std::chrono::milliseconds(20);
    int signal = 0;
    sigwait(&signals_, &signal);
    if (done_) {
      return;
    }
    spdlog::info("stopping on {}", signal == SIGINT ? "SIGINT" : "SIGTERM");
    while (!done_) {
      server.Stop();
      std::this_thread::sleep_for(kRetry);
    }
  });
}

void ShutdownSignals::StopWatching() {
  done_ = true;
  if (watcher_.joinable()) {
    // The watcher sigwait()s for SIGTERM: the signal wakes it, it does not end it.
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
    pthread_kill(watcher_.native_handle(), SIGTERM);
    watcher_.join();
  }
}

}  // namespace churn::server

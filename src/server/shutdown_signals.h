#pragma once
// Stops a DashboardServer on SIGINT or SIGTERM. The signals are blocked from
// the start, before any thread exists (OpenMP's, the server's pool), so
// every thread inherits the mask, and are taken by sigwait on a thread of
// their own: stopping never runs inside a signal handler.
//
//   ShutdownSignals signals;  // first thing: blocks SIGINT and SIGTERM
//   DashboardServer server(...);
//   signals.StopOnSignal(server);
//   server.Listen();
//   signals.StopWatching();

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "server/dashboard_server.h"

namespace churn::server {

class ShutdownSignals {
 public:
  ShutdownSignals();
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;
  ~ShutdownSignals() { StopWatching(); }

  // Stops the server on the first of the signals. A signal can come before
  // the server's loop runs, when a stop is not yet heard: Stop is repeated
  // until Listen has returned and StopWatching was called.
  void StopOnSignal(DashboardServer& server);
  // Ends the watcher (waking it if no signal came); call it before the
  // server goes away. The signals stay blocked until the process exits, so
  // a second Ctrl-C while stopping cannot kill it halfway.
  void StopWatching();

 private:
  sigset_t signals_{};
  std::atomic<bool> done_ = false;
  std::thread watcher_;
};

}  // namespace churn::server

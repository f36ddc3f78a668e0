#include "app/serve_command.h"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "app/display_path.h"
#include "app/version.h"
#include "server/access_policy.h"
#include "server/dashboard_server.h"
#include "server/served_artifacts.h"
#include "server/web_assets.h"

namespace churn::app {
namespace {

using Clock = std::chrono::steady_clock;

// Stops the server on SIGINT or SIGTERM. The signals are blocked from the
// start, before any thread exists (OpenMP's, the server's pool), so every
// thread inherits the mask, and are taken by sigwait on a thread of their
// own: stopping never runs inside a signal handler.
class ShutdownSignals {
 public:
  ShutdownSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  }
  // Stops the server on the first of the signals. A signal can come before
  // the server's loop runs, when a stop is not yet heard: Stop is repeated
  // until Listen has returned and StopWatching was called.
  void StopOnSignal(server::DashboardServer& server) {
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
  // Ends the watcher (waking it if no signal came); call it before the
  // server goes away. The signals stay blocked until the process exits, so
  // a second Ctrl-C while stopping cannot kill it halfway.
  void StopWatching() {
    done_ = true;
    if (watcher_.joinable()) {
      // The watcher sigwait()s for SIGTERM: the signal wakes it, it does not end it.
      // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
      pthread_kill(watcher_.native_handle(), SIGTERM);
      watcher_.join();
    }
  }
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;
  ~ShutdownSignals() { StopWatching(); }

 private:
  sigset_t signals_{};
  std::atomic<bool> done_ = false;
  std::thread watcher_;
};

}  // namespace

ExitCode RunServe(const AppConfig& config) {
  Clock::time_point start = Clock::now();
  ShutdownSignals signals;
  const server::ServerConfig& settings = config.server;
  server::AccessPolicy access = server::AccessPolicy::FromConfig(settings);
  std::filesystem::path web_root =
      settings.web_dir.empty() ? server::DefaultWebRoot() : settings.web_dir;
  server::WebAssets assets = server::WebAssets::Load(web_root);
  std::unique_ptr<const server::ServedArtifacts> artifacts =
      server::ServedArtifacts::Load(config.output.models_dir, kVersion);

  server::DashboardServer dashboard(*artifacts, assets, access, settings);
  signals.StopOnSignal(dashboard);
  int port = 0;
  try {
    port = dashboard.Bind(settings.host, settings.port);
  } catch (...) {
    signals.StopWatching();  // before `dashboard` goes, which the watcher may be stopping
    throw;
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  spdlog::info("{} users from {}, {} dashboard files; ready in {:.2f} s", artifacts->store().size(),
               DisplayPath(config.output.models_dir), assets.size(), seconds);
  if (!server::IsLoopbackHost(settings.host)) {
    spdlog::warn(
        "serving beyond this machine on {}: every /api request needs `Authorization: Bearer` "
        "with the token; traffic is not encrypted (put a TLS proxy in front)",
        settings.host);
  } else if (access.requires_token()) {
    spdlog::info("every /api request needs `Authorization: Bearer` with the token");
  }
  bool ipv6 = settings.host.find(':') != std::string::npos && !settings.host.starts_with('[');
  fmt::print("churn-radar serve: listening on http://{}{}{}:{}/\n", ipv6 ? "[" : "", settings.host,
             ipv6 ? "]" : "", port);
  std::fflush(stdout);
  dashboard.Listen();
  signals.StopWatching();
  return ExitCode::kOk;
}

}  // namespace churn::app

#include "app/serve_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "app/version.h"
#include "events/display_path.h"
#include "server/access_policy.h"
#include "server/dashboard_server.h"
#include "server/served_artifacts.h"
#include "server/shutdown_signals.h"
#include "server/web_assets.h"

namespace churn::app {

using Clock = std::chrono::steady_clock;

ExitCode RunServe(const config_file::AppConfig& config) {
  Clock::time_point start = Clock::now();
  server::ShutdownSignals signals;
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
               events::DisplayPath(config.output.models_dir), assets.size(), seconds);
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

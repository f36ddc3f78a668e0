#include "server/dashboard_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "events/counted_noun.h"
#include "events/display_path.h"
#include "server/access_policy.h"
#include "server/dashboard_server.h"
#include "server/served_artifacts.h"
#include "server/shutdown_signals.h"
#include "server/web_assets.h"

namespace churn::server {
namespace {

using Clock = std::chrono::steady_clock;

void LogAccess(const ServerConfig& settings, const AccessPolicy& access) {
  if (!IsLoopbackHost(settings.host)) {
    spdlog::warn(
        "serving beyond this machine on {}: every /api request needs `Authorization: Bearer` "
        "with the token; traffic is not encrypted (put a TLS proxy in front)",
        settings.host);
  } else if (access.requires_token()) {
    spdlog::info("every /api request needs `Authorization: Bearer` with the token");
  }
}

void LogScorings(const ServedScorings& scorings, const std::filesystem::path& scores_dir) {
  const ServedScoring* current = scorings.current();
  if (current == nullptr) {
    spdlog::info("no scoring in {} yet: /api/at-risk answers 404 until `churn-radar score` runs",
                 events::DisplayPath(scores_dir));
    return;
  }
  spdlog::info("current scoring as of {}: {} users, {} flagged; {} of history from {}",
               current->as_of, current->users, current->flagged,
               events::CountedNoun(static_cast<std::int64_t>(scorings.all().size()), "scoring"),
               events::DisplayPath(scores_dir));
}

}  // namespace

std::string ListeningUrl(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos && !host.starts_with('[');
  return fmt::format("http://{}{}{}:{}/", ipv6 ? "[" : "", host, ipv6 ? "]" : "", port);
}

void ServeDashboard(const ServerConfig& settings, const dataset::OutputLayout& output,
                    std::string_view version,
                    const std::function<void(const std::string& url)>& on_listening) {
  Clock::time_point start = Clock::now();
  ShutdownSignals signals;
  AccessPolicy access = AccessPolicy::FromConfig(settings);
  std::filesystem::path web_root = settings.web_dir.empty() ? DefaultWebRoot() : settings.web_dir;
  WebAssets assets = WebAssets::Load(web_root);
  std::unique_ptr<const ServedArtifacts> artifacts = ServedArtifacts::Load(output, version);

  DashboardServer dashboard(*artifacts, assets, access, settings);
  signals.StopOnSignal(dashboard);
  try {
    int port = dashboard.Bind(settings.host, settings.port);
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    spdlog::info("{} users from {}, {} dashboard files; ready in {:.2f} s",
                 artifacts->store().size(), events::DisplayPath(output.models_dir), assets.size(),
                 seconds);
    LogScorings(artifacts->scorings(), output.scores_dir);
    LogAccess(settings, access);
    on_listening(ListeningUrl(settings.host, port));
    dashboard.Listen();
  } catch (...) {
    signals.StopWatching();  // before `dashboard` goes, which the watcher may be stopping
    throw;
  }
  signals.StopWatching();
}

}  // namespace churn::server

#pragma once
// What `churn-radar serve` runs: the artifacts of train and explain loaded,
// the dashboard's files read, the address bound, then requests served until
// SIGINT or SIGTERM (shutdown_signals.h).
//
//   ServeDashboard(config.server, models_dir, kVersion,
//                  [](const std::string& url) { fmt::print("listening on {}\n", url); });

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "server/server_config.h"

namespace churn::server {

// "http://127.0.0.1:8080/", "http://[::1]:8080/" for an IPv6 host.
std::string ListeningUrl(const std::string& host, int port);

// Serves until a shutdown signal; calls on_listening with the URL (the bound
// port, when settings.port is 0) once requests can come. Throws IoError when
// the address cannot be bound, and the artifacts' or assets' load errors.
void ServeDashboard(const ServerConfig& settings, const std::filesystem::path& models_dir,
                    std::string_view version,
                    const std::function<void(const std::string& url)>& on_listening);

}  // namespace churn::server

#pragma once
// What `churn-radar serve` runs: the artifacts of train and explain and the
// scorings of `score` loaded, the dashboard's files read, the address bound,
// then requests served until SIGINT or SIGTERM (shutdown_signals.h).
//
//   ServeDashboard(config.server, config.output, kVersion,
//                  [](const std::string& url) { fmt::print("listening on {}\n", url); });

#include <functional>
#include <string>
#include <string_view>

#include "dataset/output_layout.h"
#include "server/server_config.h"

namespace churn::server {

// "http://127.0.0.1:8080/", "http://[::1]:8080/" for an IPv6 host.
std::string ListeningUrl(const std::string& host, int port);

// Serves until a shutdown signal; calls on_listening with the URL (the bound
// port, when settings.port is 0) once requests can come. Throws IoError when
// the address cannot be bound, and the artifacts' or assets' load errors.
// Serves output.models_dir and output.scores_dir.
void ServeDashboard(const ServerConfig& settings, const dataset::OutputLayout& output,
                    std::string_view version,
                    const std::function<void(const std::string& url)>& on_listening);

}  // namespace churn::server

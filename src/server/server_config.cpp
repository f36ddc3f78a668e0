#include "server/server_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "errors/error.h"

namespace churn::server {

void ServerConfig::Validate() const {
  constexpr int kMaxPort = 65535;
  if (host.empty()) {
    throw ConfigError("server.host must not be empty (use 127.0.0.1 for this machine only)");
  }
  if (port < 0 || port > kMaxPort) {
    throw ConfigError(fmt::format("server.port must be between 0 (any free port) and {}, got {}",
                                  kMaxPort, port));
  }
  if (max_request_bytes == 0) {
    throw ConfigError("server.max_request_bytes must be positive");
  }
  if (threads < 0) {
    throw ConfigError(fmt::format("server.threads must be 0 (automatic) or more, got {}", threads));
  }
  if (timeout_seconds <= 0) {
    throw ConfigError(
        fmt::format("server.timeout_seconds must be positive, got {}", timeout_seconds));
  }
}

std::size_t ServerConfig::WorkerThreads() const {
  constexpr std::size_t kPerCore = 8;
  constexpr std::size_t kAtLeast = 32;
  if (threads > 0) {
    return static_cast<std::size_t>(threads);
  }
  return std::max(kAtLeast, kPerCore * std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace churn::server

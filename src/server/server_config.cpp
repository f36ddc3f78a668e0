#include "server/server_config.h"

#include <fmt/format.h>

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
  if (timeout_seconds <= 0) {
    throw ConfigError(
        fmt::format("server.timeout_seconds must be positive, got {}", timeout_seconds));
  }
}

}  // namespace churn::server

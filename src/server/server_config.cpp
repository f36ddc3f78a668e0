#include "server/server_config.h"

#include <fmt/format.h>

#include "errors/error.h"

namespace churn::server {

void ServerConfig::Validate() const {
  constexpr int kMaxPort = 65535;
  if (host.empty()) {
    throw ConfigError("server.host must not be empty (use 127.0.0.1 for this machine only)");
  }
  if (port < 1 || port > kMaxPort) {
    throw ConfigError(fmt::format("server.port must be between 1 and {}, got {}", kMaxPort, port));
  }
}

}  // namespace churn::server

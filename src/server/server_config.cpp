#include "server/server_config.h"

#include <algorithm>
#include <thread>

#include "config/setting_checks.h"
#include "errors/error.h"

namespace churn::server {

void ServerConfig::Validate() const {
  if (host.empty()) {
    throw ConfigError("server.host must not be empty (use 127.0.0.1 for this machine only)");
  }
  config::CheckSettings(*this, "server");
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

#pragma once
// Where `churn-radar serve` listens (issue #6); the `server:` section.

#include <string>

namespace churn::server {

inline constexpr int kDefaultPort = 8501;

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = kDefaultPort;

  // Throws ConfigError for an empty host or a port outside 1..65535.
  void Validate() const;
};

}  // namespace churn::server

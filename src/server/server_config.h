#pragma once
// How `churn-radar serve` listens and what it accepts; the `server:` section.

#include <cstddef>
#include <filesystem>
#include <string>

namespace churn::server {

inline constexpr int kDefaultPort = 8501;
inline constexpr std::size_t kDefaultMaxRequestBytes = std::size_t{1} << 20;  // 1 MiB
inline constexpr int kDefaultTimeoutSeconds = 10;

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = kDefaultPort;  // 0: any free port (the chosen one is printed)
  // Binding beyond loopback must be asked for, and then needs a token.
  bool allow_remote = false;
  // A file holding the access token (the environment's CHURN_RADAR_TOKEN
  // wins). With a token, every /api request needs `Authorization: Bearer`.
  std::filesystem::path token_file;
  // The dashboard's files; empty: share/churn-radar/web beside the binary.
  std::filesystem::path web_dir;
  std::size_t max_request_bytes = kDefaultMaxRequestBytes;  // larger bodies get 413
  int timeout_seconds = kDefaultTimeoutSeconds;             // reading or writing one request
  // Worker threads. httplib holds one per open keep-alive connection, so
  // this bounds the connections served at once; 0: 8 per core, at least 32.
  int threads = 0;

  // Throws ConfigError for an empty host, a port outside 0..65535, a size
  // or timeout that is not positive, or negative threads.
  void Validate() const;

  // `threads`, with 0 resolved for this machine.
  std::size_t WorkerThreads() const;
};

}  // namespace churn::server

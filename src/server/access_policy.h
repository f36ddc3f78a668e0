#pragma once
// Who may use the server. By default it listens on loopback only and asks
// for nothing. Listening on any other address must be asked for
// (server.allow_remote, --allow-remote) and then needs an access token;
// with a token, every /api request must carry `Authorization: Bearer TOKEN`.

#include <optional>
#include <string>
#include <string_view>

#include "server/server_config.h"

namespace churn::server {

inline constexpr const char* kTokenVariable = "CHURN_RADAR_TOKEN";
inline constexpr std::size_t kMinTokenLength = 16;

// The addresses 127.0.0.0/8 and ::1, and the name localhost; never another
// name, even one that starts like an address ("127.example.com").
bool IsLoopbackHost(std::string_view host);

class AccessPolicy {
 public:
  // The token from the environment (CHURN_RADAR_TOKEN) or config.token_file.
  // Throws UsageError for a non-loopback host without allow_remote or
  // without a token, ConfigError for a token shorter than kMinTokenLength,
  // IoError for an unreadable token file.
  static AccessPolicy FromConfig(const ServerConfig& config);

  explicit AccessPolicy(std::string token = {}) : token_(std::move(token)) {}

  bool requires_token() const { return !token_.empty(); }
  // True when no token is required, or `authorization` is "Bearer TOKEN".
  // The comparison takes the same time wherever the strings differ.
  bool Allows(std::string_view authorization) const;

 private:
  std::string token_;
};

}  // namespace churn::server

#include "server/access_policy.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>

#include "errors/error.h"
#include "events/whole_file.h"

namespace churn::server {
namespace {

std::string Trimmed(std::string_view text) {
  std::size_t end = text.find_last_not_of(" \t\r\n");
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  return end == std::string_view::npos ? std::string()
                                       : std::string(text.substr(begin, end - begin + 1));
}

std::string ReadToken(const ServerConfig& config) {
  if (const char* variable = std::getenv(kTokenVariable); variable != nullptr && *variable != 0) {
    return Trimmed(variable);
  }
  if (config.token_file.empty()) {
    return {};
  }
  std::optional<std::string> text = events::ReadWholeFile(config.token_file);
  if (!text) {
    throw IoError(fmt::format("cannot read server.token_file {}", config.token_file.string()));
  }
  return Trimmed(*text);
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") {
    return true;
  }
  std::string address(host);
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  in_addr ipv4{};
  if (inet_pton(AF_INET, address.c_str(), &ipv4) == 1) {
    return (ntohl(ipv4.s_addr) >> 24U) == 127U;  // 127.0.0.0/8
  }
  in6_addr ipv6{};
  return inet_pton(AF_INET6, address.c_str(), &ipv6) == 1 && IN6_IS_ADDR_LOOPBACK(&ipv6);
}

AccessPolicy AccessPolicy::FromConfig(const ServerConfig& config) {
  std::string token = ReadToken(config);
  if (!token.empty() && token.size() < kMinTokenLength) {
    throw ConfigError(fmt::format("the access token must be at least {} characters, got {}",
                                  kMinTokenLength, token.size()));
  }
  if (IsLoopbackHost(config.host)) {
    return AccessPolicy(std::move(token));
  }
  if (!config.allow_remote) {
    throw UsageError(fmt::format(
        "serving on {} would expose the dashboard beyond this machine: pass --allow-remote (or "
        "set server.allow_remote) and an access token in {} or server.token_file",
        config.host, kTokenVariable));
  }
  if (token.empty()) {
    throw UsageError(
        fmt::format("serving on {} needs an access token: set {} or server.token_file (at least {} "
                    "characters, e.g. from `openssl rand -hex 24`)",
                    config.host, kTokenVariable, kMinTokenLength));
  }
  return AccessPolicy(std::move(token));
}

bool AccessPolicy::Allows(std::string_view authorization) const {
  if (token_.empty()) {
    return true;
  }
  constexpr std::string_view kScheme = "bearer ";  // the scheme is case-insensitive (RFC 9110)
  if (authorization.size() < kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), authorization.begin(), [](char want, char got) {
        return want == std::tolower(static_cast<unsigned char>(got));
      })) {
    return false;
  }
  std::string_view given = authorization.substr(kScheme.size());
  unsigned difference = given.size() == token_.size() ? 0U : 1U;
  for (std::size_t idx = 0; idx < token_.size(); ++idx) {
    char other = idx < given.size() ? given[idx] : '\0';
    difference |= static_cast<unsigned>(static_cast<unsigned char>(token_[idx]) ^
                                        static_cast<unsigned char>(other));
  }
  return difference == 0;
}

}  // namespace churn::server

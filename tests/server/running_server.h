#pragma once
// Test support for the HTTP API: a real DashboardServer on a free loopback
// port, on its own thread, and checks of its JSON answers.

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server/dashboard_server.h"

namespace churn::server {

inline constexpr std::size_t kTestRequestLimit = 64 * 1024;

// One server on its own thread, stopped and joined on destruction.
class RunningServer {
 public:
  RunningServer(const ServedArtifacts& artifacts, const WebAssets& assets, AccessPolicy access) {
    ServerConfig config;
    config.max_request_bytes = kTestRequestLimit;
    config.timeout_seconds = 1;
    config.header_timeout_seconds = 2;
    server_ = std::make_unique<DashboardServer>(artifacts, assets, std::move(access), config);
    port_ = server_->Bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->Listen(); });
  }
  ~RunningServer() {
    server_->Stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  int port() const { return port_; }
  httplib::Client Client() const { return httplib::Client("127.0.0.1", port_); }
  httplib::Result Get(const std::string& path) const { return Client().Get(path); }

 private:
  std::unique_ptr<DashboardServer> server_;
  int port_ = 0;
  std::thread thread_;
};

// The body of a 200 JSON answer.
inline nlohmann::json OkJson(const httplib::Result& result) {
  EXPECT_TRUE(result) << httplib::to_string(result.error());
  if (!result) {
    return {};
  }
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  return nlohmann::json::parse(result->body);
}

// Checks a JSON error answer and returns its message.
inline std::string ErrorMessage(const httplib::Result& result, int status) {
  EXPECT_TRUE(result) << httplib::to_string(result.error());
  if (!result) {
    return {};
  }
  EXPECT_EQ(result->status, status) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  nlohmann::json body = nlohmann::json::parse(result->body);
  EXPECT_EQ(body.at("status").get<int>(), status);
  return body.at("error").get<std::string>();
}

}  // namespace churn::server

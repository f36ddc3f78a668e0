#pragma once
// The HTTP server behind `churn-radar serve`: the JSON API and the
// dashboard's files, over cpp-httplib's thread pool and a keep-alive loop
// of our own (keep_alive_server.h: a deadline for each request's headers,
// and a stop that idle keep-alive clients do not hold up).
//
//   DashboardServer server(*artifacts, assets, AccessPolicy(), config);
//   int port = server.Bind("127.0.0.1", 0);  // 0: any free port
//   server.Listen();                         // until Stop(), from any thread
//
// Every answer that is not a file is JSON, errors included:
// {"error": "what went wrong", "status": 404}. Each request's handler is
// guarded once: a RequestError becomes its status, anything else a 500.

#include <atomic>
#include <memory>
#include <string>

#include "server/access_policy.h"
#include "server/served_artifacts.h"
#include "server/server_config.h"
#include "server/web_assets.h"

namespace churn::server {

class KeepAliveServer;

class DashboardServer {
 public:
  // Keeps references to `artifacts` and `assets`, which must outlive it.
  DashboardServer(const ServedArtifacts& artifacts, const WebAssets& assets, AccessPolicy access,
                  const ServerConfig& config);
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;
  ~DashboardServer();

  // Binds and starts listening (connections queue until Listen); returns
  // the port, the chosen one when `port` is 0. Throws IoError when the
  // address cannot be bound.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); returns at once when Bind was not called or Stop
  // came first.
  void Listen();
  // Stops Listen; safe from any thread, and more than once. A Stop that
  // comes just as Listen starts its loop can be missed by httplib: repeat
  // it until Listen has returned.
  void Stop();

 private:
  void AddUnknownRoutes();
  void AddAssetRoutes();
  void AddErrorHandling();

  const ServedArtifacts& artifacts_;
  const WebAssets& assets_;
  AccessPolicy access_;
  std::size_t max_request_bytes_;
  int listening_socket_ = -1;
  std::atomic<bool> stop_requested_ = false;
  std::unique_ptr<KeepAliveServer> http_;
};

}  // namespace churn::server

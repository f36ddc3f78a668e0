#pragma once
// The routes of the JSON API, declared once: DashboardServer registers
// exactly these, and a test holds docs/openapi.yaml's `/api/` paths to them.
//
//   for (const ApiRoute& route : ApiRoutes()) { ... route.method, route.path ... }
//   // {"GET", "/api/users/{user_id}"}, ..., {"POST", "/api/predict"}

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "server/served_artifacts.h"

namespace httplib {
class Server;
}

namespace churn::server {

struct ApiRoute {
  std::string_view method;  // "GET" or "POST"
  std::string_view path;    // as OpenAPI writes it: "/api/scorings/{as_of}/drift"
};

// Every route the API answers, in the order they are matched.
std::vector<ApiRoute> ApiRoutes();

// The regular expression httplib matches a route's path with: each
// "{name}" one path segment, captured.
std::string RoutePattern(std::string_view path);

// Registers ApiRoutes() on `http`, answering from `artifacts` (which must
// outlive it) and reading POST bodies of at most `max_request_bytes`.
void AddApiRoutes(httplib::Server& http, const ServedArtifacts& artifacts,
                  std::size_t max_request_bytes);

}  // namespace churn::server

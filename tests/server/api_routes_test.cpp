// The routes the server declares (api_routes.h) and the `/api/` paths of
// docs/openapi.yaml are the same set: a route added without its
// documentation, or documented and never served, fails here.

#include "server/api_routes.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

namespace churn::server {
namespace {

using RouteSet = std::set<std::string>;  // "GET /api/users/{user_id}"

RouteSet DocumentedApiRoutes() {
  YAML::Node document = YAML::LoadFile(CHURN_OPENAPI_FILE);
  RouteSet routes;
  for (const auto& path : document["paths"]) {
    std::string name = path.first.as<std::string>();
    if (!name.starts_with("/api/")) {
      continue;  // the dashboard's files
    }
    for (const auto& operation : path.second) {
      std::string method = operation.first.as<std::string>();
      if (method == "parameters" || method == "summary" || method == "description") {
        continue;
      }
      std::transform(method.begin(), method.end(), method.begin(),
                     [](unsigned char letter) { return static_cast<char>(std::toupper(letter)); });
      routes.insert(fmt::format("{} {}", method, name));
    }
  }
  return routes;
}

RouteSet ServedApiRoutes() {
  RouteSet routes;
  for (const ApiRoute& route : ApiRoutes()) {
    routes.insert(fmt::format("{} {}", route.method, route.path));
  }
  return routes;
}

TEST(ApiRoutesTest, OpenApiDocumentsExactlyTheServedRoutes) {
  RouteSet served = ServedApiRoutes();
  EXPECT_EQ(served.size(), ApiRoutes().size()) << "a route declared twice";
  EXPECT_EQ(DocumentedApiRoutes(), served);
  EXPECT_TRUE(served.contains("GET /api/at-risk"));
  EXPECT_TRUE(served.contains("GET /api/backtest/users"));
  EXPECT_TRUE(served.contains("GET /api/backtest")) << "the rolling backtest";
  EXPECT_FALSE(served.contains("GET /api/users")) << "the backtest's list moved";
}

TEST(ApiRoutesTest, APathParameterIsOneCapturedSegment) {
  EXPECT_EQ(RoutePattern("/api/health"), "/api/health");
  EXPECT_EQ(RoutePattern("/api/users/{user_id}"), "/api/users/([^/]+)");
  EXPECT_EQ(RoutePattern("/api/scorings/{as_of}/drift"), "/api/scorings/([^/]+)/drift");
}

}  // namespace
}  // namespace churn::server

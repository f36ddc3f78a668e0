#include "server/api_routes.h"

#include <fmt/format.h>

#include <array>
#include <optional>

#include "server/http_answer.h"
#include "server/query_parameters.h"
#include "server/request_error.h"
#include "server/risk_list.h"
#include "server/scoring_answers.h"
#include "server/user_scoring.h"

namespace churn::server {
namespace {

using GetAnswer = void (*)(const ServedArtifacts& artifacts, const httplib::Request& request,
                           httplib::Response& response);

struct GetRoute {
  std::string_view path;
  GetAnswer answer;
};

constexpr std::string_view kPredictPath = "/api/predict";

std::size_t ReasonsParam(const httplib::Request& request) {
  return QueryCount("reasons", Param(request, "reasons"), kDefaultReasons, 0, kMaxReasons);
}

// The path's first "{name}" segment.
std::string PathSegment(const httplib::Request& request) {
  return request.matches[1].str();
}

// ?top=N&min_risk=R&format=json|csv over one of the two lists (the at-risk
// list also takes ?order=, which AtRiskRanking reads).
void AnswerRiskList(const RankedUsers& users, std::string_view csv_name,
                    const httplib::Request& request, httplib::Response& response) {
  RiskQuery query =
      ParseRiskQuery(Param(request, "top"), Param(request, "min_risk"), users.threshold);
  std::string format = Param(request, "format").value_or("json");
  if (format == "json") {
    SetJson(response, RiskListJson(users, query));
    return;
  }
  if (format != "csv") {
    throw RequestError(
        HttpStatus::kBadRequest,
        fmt::format("query parameter 'format' must be json or csv, got '{}'", format));
  }
  SetCsv(response, RiskListCsv(users, query), csv_name);
}

void AnswerAtRisk(const ServedArtifacts& artifacts, const httplib::Request& request,
                  httplib::Response& response) {
  RankedUsers users = AtRiskRanking(artifacts.scorings(), Param(request, "order"));
  AnswerRiskList(users, fmt::format("churn_at_risk_{}.csv", users.as_of), request, response);
}

// The rolling backtest's report, or 404 saying which command makes it.
void AnswerBacktest(const ServedArtifacts& artifacts, const httplib::Request& /*request*/,
                    httplib::Response& response) {
  const std::optional<std::string>& backtest = artifacts.backtest_json();
  if (!backtest) {
    throw RequestError(HttpStatus::kNotFound,
                       "no rolling backtest yet: run `churn-radar backtest` (or `churn-radar run` "
                       "with train.backtest: true) to judge the model on every cutoff in turn");
  }
  SetJson(response, *backtest);
}

void AnswerBacktestUsers(const ServedArtifacts& artifacts, const httplib::Request& request,
                         httplib::Response& response) {
  AnswerRiskList(BacktestRanking(artifacts), "churn_risk_top.csv", request, response);
}

// Every GET of the API, in the order httplib tries them.
const std::array<GetRoute, 12>& GetRoutes() {
  using Request = httplib::Request;
  using Response = httplib::Response;
  static const std::array<GetRoute, 12> kRoutes = {{
      {"/api/health", [](const ServedArtifacts& artifacts, const Request&,
                         Response& response) { SetJson(response, artifacts.health_json()); }},
      {"/api/metrics", [](const ServedArtifacts& artifacts, const Request&,
                          Response& response) { SetJson(response, artifacts.metrics_json()); }},
      {"/api/curves", [](const ServedArtifacts& artifacts, const Request&,
                         Response& response) { SetJson(response, artifacts.curves_json()); }},
      {"/api/importances",
       [](const ServedArtifacts& artifacts, const Request&, Response& response) {
         SetJson(response, artifacts.importances_json());
       }},
      {"/api/shap/summary",
       [](const ServedArtifacts& artifacts, const Request&, Response& response) {
         SetJson(response, artifacts.shap_summary_json());
       }},
      {"/api/scorings",
       [](const ServedArtifacts& artifacts, const Request&, Response& response) {
         SetJson(response, artifacts.scorings().list_json());
       }},
      {"/api/scorings/{as_of}",
       [](const ServedArtifacts& artifacts, const Request& request, Response& response) {
         SetJson(response, ScoringSummaryJson(artifacts.scorings(), PathSegment(request)));
       }},
      {"/api/scorings/{as_of}/drift",
       [](const ServedArtifacts& artifacts, const Request& request, Response& response) {
         SetJson(response, ScoringDriftJson(artifacts.scorings(), PathSegment(request)));
       }},
      {"/api/at-risk", AnswerAtRisk},
      {"/api/users/{user_id}",
       [](const ServedArtifacts& artifacts, const Request& request, Response& response) {
         SetJson(response, UserJson(artifacts, PathSegment(request), ReasonsParam(request)));
       }},
      {"/api/backtest", AnswerBacktest},
      {"/api/backtest/users", AnswerBacktestUsers},
  }};
  return kRoutes;
}

}  // namespace

std::vector<ApiRoute> ApiRoutes() {
  std::vector<ApiRoute> routes;
  for (const GetRoute& route : GetRoutes()) {
    routes.push_back({.method = "GET", .path = route.path});
  }
  routes.push_back({.method = "POST", .path = kPredictPath});
  return routes;
}

std::string RoutePattern(std::string_view path) {
  std::string pattern;
  std::size_t from = 0;
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', from)) {
    std::size_t close = path.find('}', open);
    pattern.append(path.substr(from, open - from));
    pattern.append("([^/]+)");
    from = close + 1;
  }
  pattern.append(path.substr(from));
  return pattern;
}

void AddApiRoutes(httplib::Server& http, const ServedArtifacts& artifacts,
                  std::size_t max_request_bytes) {
  for (const GetRoute& route : GetRoutes()) {
    GetAnswer answer = route.answer;
    http.Get(RoutePattern(route.path), Guarded([&artifacts, answer](const httplib::Request& request,
                                                                    httplib::Response& response) {
               answer(artifacts, request, response);
             }));
  }
  // Read through a content reader, so the body is taken as JSON whatever its
  // Content-Type: httplib would parse a form-encoded one (`curl -d`) itself
  // and refuse it beyond 8 KiB.
  http.Post(
      std::string(kPredictPath),
      [&artifacts, max_request_bytes](const httplib::Request& request, httplib::Response& response,
                                      const httplib::ContentReader& reader) {
        AnswerGuarded(request, response, [&] {
          std::string body = ReadBody(request, reader, max_request_bytes);
          SetJson(response, PredictJson(artifacts, body, ReasonsParam(request)));
        });
      });
}

}  // namespace churn::server

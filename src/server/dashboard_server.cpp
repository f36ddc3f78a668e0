#include "server/dashboard_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

#include "errors/error.h"
#include "server/query_parameters.h"
#include "server/request_error.h"
#include "server/risk_list.h"
#include "server/user_scoring.h"

namespace churn::server {
namespace {

constexpr const char* kJson = "application/json";
constexpr time_t kKeepAliveSeconds = 5;
constexpr std::size_t kKeepAliveRequests = 10000;  // per connection; httplib's default is 5
// Nothing the dashboard loads comes from elsewhere; Vega compiles its
// expressions with Function (unsafe-eval) and vega-embed adds a style sheet.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

// Messages quote the request (a path, a parameter), which may not be valid
// UTF-8: such bytes become U+FFFD rather than fail the answer.
void SetError(httplib::Response& response, int status, std::string_view message) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  nlohmann::json body = {{"error", message}, {"status", status}};
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void SetJson(httplib::Response& response, const std::string& body) {
  response.set_header("Cache-Control", "no-store");
  response.set_content(body, kJson);
}

std::optional<std::string> Param(const httplib::Request& request, const char* name) {
  if (!request.has_param(name)) {
    return std::nullopt;
  }
  return request.get_param_value(name);
}

std::size_t ReasonsParam(const httplib::Request& request) {
  return QueryCount("reasons", Param(request, "reasons"), kDefaultReasons, 0, kMaxReasons);
}

void SetInternalError(httplib::Response& response, const httplib::Request& request,
                      std::string_view what) {
  // The details stay in the server's log: they may name files.
  spdlog::error("{} {}: {}", request.method, request.path, what);
  SetError(response, ToInt(HttpStatus::kInternalError),
           "internal error (the server's log has the details)");
}

// The one place a request's errors are caught: a RequestError answers with
// its status, anything else with a 500 (and a line in the log).
template <typename Answer>
void AnswerGuarded(const httplib::Request& request, httplib::Response& response,
                   const Answer& answer) {
  try {
    answer();
  } catch (const RequestError& error) {
    SetError(response, ToInt(error.status()), error.what());
  } catch (const std::exception& error) {
    SetInternalError(response, request, error.what());
  }
}

// A handler whose errors AnswerGuarded catches.
template <typename Answer>
httplib::Server::Handler Guarded(Answer answer) {
  return [answer](const httplib::Request& request, httplib::Response& response) {
    AnswerGuarded(request, response, [&] { answer(request, response); });
  };
}

// The message of an answer httplib makes itself.
std::string StatusText(int status, std::size_t max_request_bytes) {
  switch (status) {
    case ToInt(HttpStatus::kBadRequest):
      return "malformed HTTP request";
    case ToInt(HttpStatus::kNotFound):
      return "not found: no such endpoint or file for this method";
    case ToInt(HttpStatus::kPayloadTooLarge):
      return fmt::format("request body too large: at most {} bytes (server.max_request_bytes)",
                         max_request_bytes);
    default:
      return fmt::format("HTTP status {}", status);
  }
}

// A POST body of at most `limit` bytes; RequestError 413 beyond it, 400
// when the client sent less than it announced.
std::string ReadBody(const httplib::Request& request, const httplib::ContentReader& reader,
                     std::size_t limit) {
  std::string length = request.get_header_value("Content-Length");
  if (!length.empty() && length.find_first_not_of("0123456789") != std::string::npos) {
    throw RequestError(HttpStatus::kBadRequest,
                       fmt::format("Content-Length must be a whole number, got '{}'", length));
  }
  if (request.get_header_value<std::uint64_t>("Content-Length") > limit) {
    throw RequestError(HttpStatus::kPayloadTooLarge,
                       StatusText(ToInt(HttpStatus::kPayloadTooLarge), limit));
  }
  if (length == "0" || (length.empty() && request.get_header_value("Transfer-Encoding").empty())) {
    throw RequestError(HttpStatus::kBadRequest,
                       "the request body is empty: send a JSON object of feature values or a list "
                       "of them");
  }
  // A chunked body announces no length. Beyond the limit it is read on and
  // dropped, up to a bound, so the client can take in the 413 instead of a
  // reset connection.
  constexpr std::size_t kDrainFactor = 4;
  std::string body;
  std::size_t received = 0;
  bool complete = reader([&](const char* data, std::size_t size) {
    received += size;
    if (received <= limit) {
      body.append(data, size);
    }
    return received <= kDrainFactor * limit;
  });
  bool too_large = received > limit;
  if (too_large) {
    throw RequestError(HttpStatus::kPayloadTooLarge,
                       StatusText(ToInt(HttpStatus::kPayloadTooLarge), limit));
  }
  if (!complete) {
    throw RequestError(HttpStatus::kBadRequest, "the request body could not be read in full");
  }
  return body;
}

// GET /api/users?top=N&min_risk=R[&format=csv].
void AnswerRiskList(const ServedArtifacts& artifacts, const httplib::Request& request,
                    httplib::Response& response) {
  RiskQuery query = ParseRiskQuery(Param(request, "top"), Param(request, "min_risk"),
                                   artifacts.bundle().threshold);
  std::string format = Param(request, "format").value_or("json");
  if (format == "json") {
    SetJson(response, RiskListJson(artifacts, query));
    return;
  }
  if (format != "csv") {
    throw RequestError(
        HttpStatus::kBadRequest,
        fmt::format("query parameter 'format' must be json or csv, got '{}'", format));
  }
  response.set_header("Cache-Control", "no-store");
  response.set_header("Content-Disposition", "attachment; filename=\"churn_risk_top.csv\"");
  response.set_content(RiskListCsv(artifacts, query), "text/csv; charset=utf-8");
}

httplib::Server::Handler FixedJson(const std::string& body) {
  return [&body](const httplib::Request&, httplib::Response& response) { SetJson(response, body); };
}

}  // namespace

DashboardServer::DashboardServer(const ServedArtifacts& artifacts, const WebAssets& assets,
                                 AccessPolicy access, const ServerConfig& config)
    : artifacts_(artifacts),
      assets_(assets),
      access_(std::move(access)),
      max_request_bytes_(config.max_request_bytes),
      http_(std::make_unique<httplib::Server>()) {
  // Without TCP_NODELAY a keep-alive client waits ~40 ms per answer on
  // Nagle's algorithm and delayed ACKs.
  http_->set_tcp_nodelay(true);
  std::size_t workers = config.WorkerThreads();
  http_->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  http_->set_payload_max_length(config.max_request_bytes);
  http_->set_read_timeout(config.timeout_seconds);
  http_->set_write_timeout(config.timeout_seconds);
  http_->set_keep_alive_timeout(kKeepAliveSeconds);
  http_->set_keep_alive_max_count(kKeepAliveRequests);
  http_->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Content-Security-Policy", kContentSecurityPolicy}});
  // httplib listens with a backlog of 5, which resets clients that connect
  // in a burst; Bind raises it to SOMAXCONN on the socket kept here.
  http_->set_socket_options([this](int socket) {
    httplib::default_socket_options(socket);
    listening_socket_ = socket;
  });
  AddErrorHandling();
  AddApiRoutes();
  AddAssetRoutes();
}

DashboardServer::~DashboardServer() = default;

void DashboardServer::AddErrorHandling() {
  std::size_t max_request_bytes = max_request_bytes_;
  http_->set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        if (!request.path.starts_with("/api/") ||
            access_.Allows(request.get_header_value("Authorization"))) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        response.set_header("WWW-Authenticate", "Bearer");
        SetError(response, ToInt(HttpStatus::kUnauthorized),
                 "this server needs an access token: send `Authorization: Bearer TOKEN`");
        return httplib::Server::HandlerResponse::Handled;
      });
  // Answers httplib makes itself (no route, 413, a malformed request) get a
  // JSON body too.
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [max_request_bytes](const httplib::Request&, httplib::Response& response) {
        if (response.body.empty()) {
          SetError(response, response.status, StatusText(response.status, max_request_bytes));
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  http_->set_exception_handler([](const httplib::Request& request, httplib::Response& response,
                                  const std::exception_ptr& error) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& thrown) {
      SetInternalError(response, request, thrown.what());
    } catch (...) {
      SetInternalError(response, request, "an exception of unknown type");
    }
  });
}

void DashboardServer::AddApiRoutes() {
  const ServedArtifacts& artifacts = artifacts_;
  http_->Get("/api/health", FixedJson(artifacts.health_json()));
  http_->Get("/api/metrics", FixedJson(artifacts.metrics_json()));
  http_->Get("/api/curves", FixedJson(artifacts.curves_json()));
  http_->Get("/api/importances", FixedJson(artifacts.importances_json()));
  http_->Get("/api/shap/summary", FixedJson(artifacts.shap_summary_json()));
  http_->Get(R"(/api/users/([^/]+))",
             Guarded([&artifacts](const httplib::Request& request, httplib::Response& response) {
               SetJson(response,
                       StoredUserJson(artifacts, request.matches[1].str(), ReasonsParam(request)));
             }));
  http_->Get("/api/users",
             Guarded([&artifacts](const httplib::Request& request, httplib::Response& response) {
               AnswerRiskList(artifacts, request, response);
             }));
  // Read through a content reader, so the body is taken as JSON whatever its
  // Content-Type: httplib would parse a form-encoded one (`curl -d`) itself
  // and refuse it beyond 8 KiB.
  std::size_t limit = max_request_bytes_;
  http_->Post("/api/predict",
              [&artifacts, limit](const httplib::Request& request, httplib::Response& response,
                                  const httplib::ContentReader& reader) {
                AnswerGuarded(request, response, [&] {
                  std::string body = ReadBody(request, reader, limit);
                  SetJson(response, PredictJson(artifacts, body, ReasonsParam(request)));
                });
              });
  AddUnknownRoutes();
}

// Everything the API does not answer: JSON errors, never httplib's own.
void DashboardServer::AddUnknownRoutes() {
  httplib::Server::Handler no_endpoint = [](const httplib::Request& request,
                                            httplib::Response& response) {
    SetError(response, ToInt(HttpStatus::kNotFound),
             fmt::format("no such endpoint: {} {} (docs/api.md lists them)", request.method,
                         request.path));
  };
  http_->Get(R"(/api/.*)", no_endpoint);
  http_->Post(R"(/.*)", no_endpoint);
  httplib::Server::Handler not_allowed = [](const httplib::Request& request,
                                            httplib::Response& response) {
    SetError(response, ToInt(HttpStatus::kMethodNotAllowed),
             fmt::format("method {} is not allowed: the API answers GET, and POST /api/predict",
                         request.method));
  };
  http_->Put(R"(/.*)", not_allowed);
  http_->Patch(R"(/.*)", not_allowed);
  http_->Delete(R"(/.*)", not_allowed);
}

void DashboardServer::AddAssetRoutes() {
  http_->Get(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
    const WebAsset* asset = assets_.Find(request.path);
    if (asset == nullptr) {
      SetError(response, ToInt(HttpStatus::kNotFound),
               fmt::format("no such page or file: {}", request.path));
      return;
    }
    response.set_header("Cache-Control", "no-cache");
    response.set_content(asset->content, std::string(asset->content_type));
  });
}

int DashboardServer::Bind(const std::string& host, int port) {
  errno = 0;
  int bound = -1;
  if (port == 0) {
    bound = http_->bind_to_any_port(host);
  } else if (http_->bind_to_port(host, port)) {
    bound = port;
  }
  if (bound <= 0) {
    throw IoError(fmt::format(
        "cannot listen on {} port {}: {}", host, port,
        errno == 0 ? std::string("not a usable address here")
                   : fmt::format("{} (is another server using the port?)", std::strerror(errno))));
  }
  if (listening_socket_ >= 0) {
    ::listen(listening_socket_, SOMAXCONN);
  }
  return bound;
}

void DashboardServer::Listen() {
  if (!stop_requested_) {
    http_->listen_after_bind();
  }
}

void DashboardServer::Stop() {
  stop_requested_ = true;
  http_->stop();
}

}  // namespace churn::server

#include "server/dashboard_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "errors/error.h"
#include "events/readable_text.h"
#include "server/answer_compression.h"
#include "server/api_routes.h"
#include "server/http_answer.h"
#include "server/keep_alive_server.h"
#include "server/request_error.h"

namespace churn::server {
namespace {

constexpr time_t kKeepAliveSeconds = 5;
constexpr std::size_t kKeepAliveRequests = 10000;  // per connection; httplib's default is 5
// Nothing the dashboard loads comes from elsewhere; Vega compiles its
// expressions with Function (unsafe-eval) and vega-embed adds a style sheet.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

}  // namespace

DashboardServer::DashboardServer(const ServedArtifacts& artifacts, const WebAssets& assets,
                                 AccessPolicy access, const ServerConfig& config)
    : artifacts_(artifacts),
      assets_(assets),
      access_(std::move(access)),
      max_request_bytes_(config.max_request_bytes),
      http_(std::make_unique<KeepAliveServer>()) {
  // Without TCP_NODELAY a keep-alive client waits ~40 ms per answer on
  // Nagle's algorithm and delayed ACKs.
  http_->set_tcp_nodelay(true);
  std::size_t workers = config.WorkerThreads();
  http_->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  http_->set_payload_max_length(config.max_request_bytes);
  http_->set_read_timeout(config.timeout_seconds);
  http_->set_write_timeout(config.timeout_seconds);
  http_->set_header_timeout(std::chrono::seconds(config.header_timeout_seconds));
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
  AddApiRoutes(*http_, artifacts_, max_request_bytes_);
  AddUnknownRoutes();
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
  // JSON body too; a route's own error is already one (held by a content
  // provider once CompressAnswer has taken it).
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [max_request_bytes](const httplib::Request&, httplib::Response& response) {
        if (response.body.empty() && !response.content_provider_) {
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

// Everything the API does not answer: JSON errors, never httplib's own.
void DashboardServer::AddUnknownRoutes() {
  httplib::Server::Handler no_endpoint = [](const httplib::Request& request,
                                            httplib::Response& response) {
    SetError(response, ToInt(HttpStatus::kNotFound),
             fmt::format("no such endpoint: {} {} (docs/api.md lists them)",
                         events::ReadableText(request.method), events::ReadableText(request.path)));
  };
  // The backtest's list was GET /api/users?top=N before scorings came.
  http_->Get("/api/users", [](const httplib::Request&, httplib::Response& response) {
    SetError(response, ToInt(HttpStatus::kNotFound),
             "no such endpoint: GET /api/users lists nobody; the lists by risk are GET "
             "/api/at-risk (today's customers, the current scoring) and GET /api/backtest/users "
             "(the test snapshot, formerly /api/users?top=N); GET /api/users/{user_id} looks "
             "one user up");
  });
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
               fmt::format("no such page or file: {}", events::ReadableText(request.path)));
      return;
    }
    response.set_header("Cache-Control", "no-cache");
    response.set_content(asset->content, std::string(asset->content_type));
    CompressAnswer(request, response);
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

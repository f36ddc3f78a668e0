#include "server/keep_alive_server.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "server/request_error.h"

namespace churn::server {
namespace {

using Clock = std::chrono::steady_clock;
using Milliseconds = std::chrono::milliseconds;

constexpr double kMillisecondsPerSecond = 1000.0;

Milliseconds ToMilliseconds(time_t seconds, time_t microseconds) {
  return std::chrono::duration_cast<Milliseconds>(std::chrono::seconds(seconds) +
                                                  std::chrono::microseconds(microseconds));
}

// The JSON error every other answer of the server has, for a client whose
// headers came too slowly or were too large; the connection closes after it.
void AnswerBadHeaders(ClientConnection& connection, RequestHeaders headers,
                      const ConnectionTimeouts& timeouts) {
  auto seconds = [](Milliseconds timeout) {
    return static_cast<double>(timeout.count()) / kMillisecondsPerSecond;
  };
  bool too_large = headers == RequestHeaders::kTooLarge;
  HttpStatus status = too_large ? HttpStatus::kHeadersTooLarge : HttpStatus::kRequestTimeout;
  std::string message = too_large
                            ? fmt::format("the request's line and headers exceed {} bytes",
                                          ClientConnection::kMaxHeaderBytes)
                            : fmt::format(
                                  "the request's line and headers must arrive within {:g} s "
                                  "(server.header_timeout_seconds), with no pause over {:g} s "
                                  "(server.timeout_seconds)",
                                  seconds(timeouts.headers), seconds(timeouts.read));
  std::string body =
      nlohmann::json{{"error", std::move(message)}, {"status", ToInt(status)}}.dump();
  std::string answer = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
      "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
      ToInt(status), too_large ? "Request Header Fields Too Large" : "Request Timeout", body.size(),
      body);
  for (std::size_t sent = 0; sent < answer.size();) {
    ssize_t written = connection.write(answer.data() + sent, answer.size() - sent);
    if (written <= 0) {
      return;
    }
    sent += static_cast<std::size_t>(written);
  }
}

}  // namespace

ConnectionTimeouts KeepAliveServer::Timeouts() const {
  return {.read = ToMilliseconds(read_timeout_sec_, read_timeout_usec_),
          .write = ToMilliseconds(write_timeout_sec_, write_timeout_usec_),
          .headers = header_timeout_};
}

bool KeepAliveServer::AwaitRequest(const ClientConnection& connection) const {
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  while (svr_sock_ != INVALID_SOCKET) {
    if (connection.HasBufferedBytes()) {
      return true;
    }
    auto left = std::chrono::ceil<Milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd watched{.fd = connection.socket(), .events = POLLIN, .revents = 0};
    int ready =
        ::poll(&watched, 1, static_cast<int>(std::min(left, ClientConnection::kStopCheck).count()));
    if (ready > 0) {
      return true;
    }
    if (ready < 0 && errno != EINTR) {
      return false;
    }
  }
  return false;
}

bool KeepAliveServer::process_and_close_socket(socket_t sock) {
  ClientConnection connection(sock, Timeouts(), [this] { return svr_sock_ == INVALID_SOCKET; });
  bool served = false;
  for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
    if (!AwaitRequest(connection)) {
      break;
    }
    RequestHeaders headers = connection.AwaitHeaders();
    if (headers != RequestHeaders::kArrived) {
      if (headers != RequestHeaders::kClosed) {
        AnswerBadHeaders(connection, headers, Timeouts());
      }
      break;
    }
    bool closed = false;
    served = process_request(connection, left == 1, closed, nullptr);
    if (!served || closed) {
      break;
    }
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return served;
}

}  // namespace churn::server

#include "server/client_connection.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <utility>

namespace churn::server {
namespace {

using Clock = std::chrono::steady_clock;
using Milliseconds = std::chrono::milliseconds;

constexpr std::string_view kContentLength = "content-length:";
constexpr std::string_view kTransferEncoding = "transfer-encoding:";

// Waits up to `timeout` for `events` on `socket`; true when they came (or
// the socket closed or failed, which the next call then tells).
bool AwaitSocket(int socket, short events, Milliseconds timeout) {
  Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::ceil<Milliseconds>(deadline - Clock::now());
    if (left.count() < 0) {
      return false;
    }
    pollfd watched{.fd = socket, .events = events, .revents = 0};
    int ready = ::poll(&watched, 1, static_cast<int>(left.count()));
    if (ready > 0) {
      return true;
    }
    if (ready == 0 || errno != EINTR) {
      return false;
    }
  }
}

// The numeric address and port of a socket's end, as httplib reports them.
void AddressOf(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> service{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(),
                    service.data(), service.size(), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return;
  }
  ip = host.data();
  port = std::atoi(service.data());
}

}  // namespace

ClientConnection::ClientConnection(int socket, ConnectionTimeouts timeouts,
                                   std::function<bool()> stopped)
    : socket_(socket), timeouts_(timeouts), stopped_(std::move(stopped)) {}

RequestHeaders ClientConnection::AwaitHeaders() {
  buffer_.erase(0, start_);
  start_ = 0;
  scanned_ = 0;
  header_end_ = 0;
  in_request_line_ = true;
  body_announced_ = false;
  line_start_.clear();
  phase_ = Phase::kHeaders;
  Clock::time_point deadline = Clock::now() + timeouts_.headers;
  Clock::time_point pause_ends = Clock::now() + timeouts_.read;
  ScanHeaders();
  while (header_end_ == 0) {
    if (scanned_ > kMaxHeaderBytes) {
      return RequestHeaders::kTooLarge;
    }
    if (stopped_()) {
      return RequestHeaders::kClosed;
    }
    auto left = std::chrono::ceil<Milliseconds>(std::min(deadline, pause_ends) - Clock::now());
    if (left.count() <= 0) {
      return RequestHeaders::kTimedOut;
    }
    ssize_t received = Fill(std::min(left, kStopCheck));
    if (received == 0) {
      return RequestHeaders::kClosed;
    }
    if (received > 0) {
      pause_ends = Clock::now() + timeouts_.read;
      ScanHeaders();
    }
  }
  return header_end_ > kMaxHeaderBytes ? RequestHeaders::kTooLarge : RequestHeaders::kArrived;
}

void ClientConnection::ScanHeaders() {
  for (; scanned_ < buffer_.size() && header_end_ == 0; ++scanned_) {
    char byte = buffer_[scanned_];
    if (byte == '\r') {
      continue;
    }
    if (byte != '\n') {
      if (line_start_.size() < kHeaderNameBytes) {
        line_start_.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(byte))));
      }
      continue;
    }
    // A line ends: the request line, a header, or the blank line after them.
    if (line_start_.empty() && !in_request_line_) {
      header_end_ = scanned_ + 1;
    } else if (!in_request_line_ && (line_start_.starts_with(kContentLength) ||
                                     line_start_.starts_with(kTransferEncoding))) {
      body_announced_ = true;
    }
    in_request_line_ = false;
    line_start_.clear();
  }
}

ssize_t ClientConnection::Fill(Milliseconds wait) {
  if (!AwaitSocket(socket_, POLLIN, wait)) {
    return -1;
  }
  std::size_t had = buffer_.size();
  buffer_.resize(had + kReadBytes);
  ssize_t received = 0;
  do {
    received = ::recv(socket_, buffer_.data() + had, kReadBytes, 0);
  } while (received < 0 && errno == EINTR);
  buffer_.resize(had + static_cast<std::size_t>(std::max<ssize_t>(received, 0)));
  return std::max<ssize_t>(received, 0);
}

bool ClientConnection::is_readable() const {
  if (phase_ == Phase::kHeaders || HasBufferedBytes()) {
    return true;
  }
  return phase_ == Phase::kBody && AwaitSocket(socket_, POLLIN, timeouts_.read);
}

bool ClientConnection::is_writable() const {
  return AwaitSocket(socket_, POLLOUT, timeouts_.write);
}

ssize_t ClientConnection::read(char* ptr, size_t size) {
  if (phase_ == Phase::kNoBody || size == 0) {
    return 0;
  }
  std::size_t end = phase_ == Phase::kHeaders ? header_end_ : buffer_.size();
  if (start_ == end) {
    // Only a body reads past what is buffered: the headers are all in.
    buffer_.clear();
    start_ = 0;
    ssize_t received = Fill(timeouts_.read);
    if (received <= 0) {
      return received;
    }
    end = buffer_.size();
  }
  std::size_t count = std::min(size, end - start_);
  std::memcpy(ptr, buffer_.data() + start_, count);
  start_ += count;
  if (phase_ == Phase::kHeaders && start_ == header_end_) {
    phase_ = body_announced_ ? Phase::kBody : Phase::kNoBody;
  }
  return static_cast<ssize_t>(count);
}

ssize_t ClientConnection::write(const char* ptr, size_t size) {
  if (!is_writable()) {
    return -1;
  }
  ssize_t sent = 0;
  do {
    sent = ::send(socket_, ptr, size, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent;
}

void ClientConnection::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getpeername(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    AddressOf(address, length, ip, port);
  }
}

void ClientConnection::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  if (::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    AddressOf(address, length, ip, port);
  }
}

}  // namespace churn::server

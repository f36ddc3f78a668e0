// ClientConnection over a socket pair (no network): headers read in whole
// within their deadline, no body unless one is announced, pipelined bytes
// kept for the next request.

#include "server/client_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>

namespace churn::server {
namespace {

using std::chrono::milliseconds;

// Both ends of a connected socket pair: the server's and the client's.
class SocketPair {
 public:
  SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM, 0, ends_.data()); }
  ~SocketPair() {
    ::close(ends_[0]);
    if (ends_[1] >= 0) {
      ::close(ends_[1]);
    }
  }
  SocketPair(const SocketPair&) = delete;
  SocketPair& operator=(const SocketPair&) = delete;

  int server() const { return ends_[0]; }
  void Send(std::string_view bytes) const {
    ASSERT_EQ(::send(ends_[1], bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  void CloseClient() {
    ::close(ends_[1]);
    ends_[1] = -1;
  }

 private:
  std::array<int, 2> ends_{-1, -1};
};

constexpr ConnectionTimeouts kTimeouts{
    .read = milliseconds(1000), .write = milliseconds(1000), .headers = milliseconds(300)};

bool NeverStopped() {
  return false;
}

// Everything `connection` gives for one request: its headers, read a byte at
// a time as httplib does, then its body (empty when it has none).
std::string ReadAll(ClientConnection& connection, std::size_t body_bytes) {
  std::string text;
  char byte = 0;
  while (!text.ends_with("\r\n\r\n") && connection.read(&byte, 1) == 1) {
    text.push_back(byte);
  }
  std::array<char, 64> chunk{};
  for (std::size_t taken = 0; taken < body_bytes;) {
    ssize_t count = connection.read(chunk.data(), std::min(chunk.size(), body_bytes - taken));
    if (count <= 0) {
      break;
    }
    text.append(chunk.data(), static_cast<std::size_t>(count));
    taken += static_cast<std::size_t>(count);
  }
  return text;
}

TEST(ClientConnectionTest, ARequestWithoutALengthHasNoBody) {
  SocketPair pair;
  ClientConnection connection(pair.server(), kTimeouts, NeverStopped);
  pair.Send("PUT /x HTTP/1.1\r\nHost: y\r\n\r\n");
  ASSERT_EQ(connection.AwaitHeaders(), RequestHeaders::kArrived);
  EXPECT_EQ(ReadAll(connection, 0), "PUT /x HTTP/1.1\r\nHost: y\r\n\r\n");
  std::array<char, 16> body{};
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(connection.read(body.data(), body.size()), 0) << "the end of a body that is not there";
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(100)) << "without waiting";
}

TEST(ClientConnectionTest, AnAnnouncedBodyIsReadAndTheNextRequestKept) {
  SocketPair pair;
  ClientConnection connection(pair.server(), kTimeouts, NeverStopped);
  pair.Send(
      "POST /x HTTP/1.1\r\ncontent-LENGTH: 5\r\n\r\nhello"
      "GET /next HTTP/1.1\r\n\r\n");
  ASSERT_EQ(connection.AwaitHeaders(), RequestHeaders::kArrived);
  EXPECT_EQ(ReadAll(connection, 5), "POST /x HTTP/1.1\r\ncontent-LENGTH: 5\r\n\r\nhello");
  EXPECT_TRUE(connection.HasBufferedBytes());
  ASSERT_EQ(connection.AwaitHeaders(), RequestHeaders::kArrived);
  EXPECT_EQ(ReadAll(connection, 0), "GET /next HTTP/1.1\r\n\r\n");
  EXPECT_FALSE(connection.HasBufferedBytes());
}

TEST(ClientConnectionTest, HeadersLateAsAWholeTimeOut) {
  SocketPair pair;
  ClientConnection connection(pair.server(), kTimeouts, NeverStopped);
  std::atomic<bool> done = false;
  std::thread slow_client([&] {
    for (char byte : std::string_view("GET /x HTTP/1.1\r\nHost: a-long-name\r\n")) {
      if (done) {
        return;
      }
      pair.Send(std::string_view(&byte, 1));
      std::this_thread::sleep_for(milliseconds(40));  // each byte well within the read timeout
    }
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(connection.AwaitHeaders(), RequestHeaders::kTimedOut);
  auto took = std::chrono::steady_clock::now() - start;
  done = true;
  slow_client.join();
  EXPECT_GE(took, milliseconds(250));
  EXPECT_LT(took, milliseconds(900));
}

TEST(ClientConnectionTest, APauseLongerThanTheReadTimeoutTimesOut) {
  SocketPair pair;
  ConnectionTimeouts timeouts = kTimeouts;
  timeouts.read = milliseconds(100);
  timeouts.headers = milliseconds(5000);
  ClientConnection connection(pair.server(), timeouts, NeverStopped);
  pair.Send("GET /x HTTP/1.1\r\n");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(connection.AwaitHeaders(), RequestHeaders::kTimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
}

TEST(ClientConnectionTest, HeadersOverTheLimitAreTooLarge) {
  SocketPair pair;
  ClientConnection connection(pair.server(), kTimeouts, NeverStopped);
  std::thread client([&] {
    std::string header = "X: " + std::string(1000, 'a') + "\r\n";
    for (std::size_t sent = 0; sent <= ClientConnection::kMaxHeaderBytes; sent += header.size()) {
      pair.Send(header);
    }
  });
  EXPECT_EQ(connection.AwaitHeaders(), RequestHeaders::kTooLarge);
  client.join();
}

TEST(ClientConnectionTest, AClientThatClosesOrAServerThatStopsEndsTheWait) {
  SocketPair pair;
  ClientConnection connection(pair.server(), kTimeouts, NeverStopped);
  pair.Send("GET /x HTTP/1.1\r\n");
  pair.CloseClient();
  EXPECT_EQ(connection.AwaitHeaders(), RequestHeaders::kClosed);

  SocketPair silent;
  std::atomic<bool> stopped = false;
  ClientConnection waiting(silent.server(), kTimeouts, [&stopped] { return stopped.load(); });
  silent.Send("GET /x HTTP/1.1\r\n");
  std::thread stopper([&stopped] {
    std::this_thread::sleep_for(milliseconds(50));
    stopped = true;
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(waiting.AwaitHeaders(), RequestHeaders::kClosed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(250))
      << "not the 300 ms deadline";
  stopper.join();
}

}  // namespace
}  // namespace churn::server

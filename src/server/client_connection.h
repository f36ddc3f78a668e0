#pragma once
// One client's connection as httplib reads and writes its requests, in
// place of httplib's own socket stream, with what that one lacks:
//
// - A deadline for the request line and headers as a whole: AwaitHeaders
//   reads them in before httplib parses them. Each of httplib's reads waits
//   at most the read timeout, but a client that sent its headers a byte at a
//   time never tripped that and held a worker for as long as it liked.
// - A request that announces no body (no Content-Length, no
//   Transfer-Encoding) has none, as HTTP/1.1 says (RFC 9112, 6.3): reading
//   its body ends at once. httplib read on until the client closed, so a PUT
//   without a body waited out the read timeout and got a 400.
// - Reads are buffered for the whole connection, so bytes of a pipelined
//   next request are kept for it.
//
//   ClientConnection connection(socket, timeouts);
//   if (connection.AwaitHeaders() == RequestHeaders::kArrived) {
//     server.process_request(connection, ...);
//   }

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace churn::server {

struct ConnectionTimeouts {
  std::chrono::milliseconds read{0};     // the longest wait for the client's next bytes
  std::chrono::milliseconds write{0};    // the longest wait to send the next bytes
  std::chrono::milliseconds headers{0};  // a request's line and headers, all of them
};

enum class RequestHeaders {
  kArrived,   // up to the blank line that ends them
  kTimedOut,  // not within the header timeout, or the client stalled past the read timeout
  kTooLarge,  // more than kMaxHeaderBytes
  kClosed,    // the client closed, the socket failed, or the server stopped first
};

class ClientConnection : public httplib::Stream {
 public:
  // The most bytes a request's line and headers may take.
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
  // How often a wait for a client looks whether the server has stopped:
  // the most a stop waits for clients that send nothing.
  static constexpr std::chrono::milliseconds kStopCheck{50};

  // Reads and writes `socket`, which the caller owns and closes; `stopped`
  // says whether the server has stopped.
  ClientConnection(int socket, ConnectionTimeouts timeouts, std::function<bool()> stopped);

  // Reads the next request's line and headers into the buffer, within the
  // header timeout from now and with no pause longer than the read timeout;
  // httplib then parses them from there. A request whose headers are not
  // all in when the server stops is dropped (kClosed).
  RequestHeaders AwaitHeaders();
  // True when bytes the client sent are buffered here, unread.
  bool HasBufferedBytes() const { return start_ < buffer_.size(); }

  // httplib::Stream.
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return socket_; }

 private:
  enum class Phase {
    kHeaders,  // the request line and headers, all buffered
    kBody,     // a body the headers announced
    kNoBody,   // the headers announced none: reads end at once
  };

  // Appends what the client sends next, waiting at most `wait`: the bytes
  // received, 0 when the client closed or the socket failed, -1 when
  // nothing came.
  ssize_t Fill(std::chrono::milliseconds wait);
  // Follows the buffered bytes not yet scanned; sets header_end_ at the
  // blank line that ends the headers.
  void ScanHeaders();

  static constexpr std::size_t kHeaderNameBytes = 32;  // enough of a line to know its name
  static constexpr std::size_t kReadBytes = 64 * 1024;

  int socket_;
  ConnectionTimeouts timeouts_;
  std::function<bool()> stopped_;
  Phase phase_ = Phase::kNoBody;
  std::string buffer_;
  std::size_t start_ = 0;       // the first byte not yet read
  std::size_t scanned_ = 0;     // the first byte not yet followed by ScanHeaders
  std::size_t header_end_ = 0;  // just past the blank line; 0 until found
  bool in_request_line_ = true;
  bool body_announced_ = false;
  std::string line_start_;  // the current line's first bytes, lower-cased
};

}  // namespace churn::server

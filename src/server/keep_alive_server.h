#pragma once
// httplib's server with a keep-alive loop of its own for each connection,
// over a ClientConnection (client_connection.h). httplib's loop let an idle
// keep-alive client hold its worker for the whole keep-alive timeout even
// after stop(), so SIGTERM with one browser tab open took about 5 s; this
// loop waits for the next request in short slices and ends as soon as the
// server stops. Each request's headers must arrive within the header
// timeout; a client that is too slow gets a 408 and the connection closes.
//
//   KeepAliveServer http;
//   http.set_header_timeout(std::chrono::seconds(10));
//   http.Get(...);  // everything else as httplib::Server

#include <httplib.h>

#include <chrono>

#include "server/client_connection.h"

namespace churn::server {

class KeepAliveServer : public httplib::Server {
 public:
  void set_header_timeout(std::chrono::milliseconds timeout) { header_timeout_ = timeout; }

 private:
  // httplib's one entry point for an accepted connection: serves its
  // requests until the client goes, the keep-alive limits end it, or the
  // server stops; then closes the socket.
  bool process_and_close_socket(socket_t sock) override;

  // Waits for the first byte of the next request; false when the keep-alive
  // timeout passed, the client closed, or the server stopped.
  bool AwaitRequest(const ClientConnection& connection) const;
  ConnectionTimeouts Timeouts() const;

  std::chrono::milliseconds header_timeout_ = std::chrono::seconds(10);
};

}  // namespace churn::server

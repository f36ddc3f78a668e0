#pragma once
// A request the server cannot answer as asked, with the HTTP status that
// says why. Thrown by the API's handlers and caught once per request by the
// server, which answers {"error": message, "status": status}. Messages quote
// the request (a user id, a parameter), which may hold a NUL or bytes that
// are not UTF-8: the message is made readable here, once for all of them,
// so that a NUL shows as \0 instead of ending the message.

#include <string>

#include "errors/error.h"
#include "events/readable_text.h"

namespace churn::server {

enum class HttpStatus : int {
  kOk = 200,
  kBadRequest = 400,
  kUnauthorized = 401,
  kNotFound = 404,
  kMethodNotAllowed = 405,
  kRequestTimeout = 408,
  kPayloadTooLarge = 413,
  kHeadersTooLarge = 431,
  kInternalError = 500,
};

constexpr int ToInt(HttpStatus status) {
  return static_cast<int>(status);
}

class RequestError : public Error {
 public:
  RequestError(HttpStatus status, const std::string& message)
      : Error(events::ReadableText(message)), status_(status) {}
  HttpStatus status() const { return status_; }

 private:
  HttpStatus status_;
};

}  // namespace churn::server

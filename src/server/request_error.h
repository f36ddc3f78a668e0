#pragma once
// A request the server cannot answer as asked, with the HTTP status that
// says why. Thrown by the API's handlers and caught once per request by the
// server, which answers {"error": message, "status": status}.

#include <string>

#include "errors/error.h"

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
  RequestError(HttpStatus status, const std::string& message) : Error(message), status_(status) {}
  HttpStatus status() const { return status_; }

 private:
  HttpStatus status_;
};

}  // namespace churn::server

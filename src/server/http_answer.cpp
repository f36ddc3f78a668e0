#include "server/http_answer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <nlohmann/json.hpp>

namespace churn::server {

void SetError(httplib::Response& response, int status, std::string_view message) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  nlohmann::json body = {{"error", message}, {"status", status}};
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       kJsonType);
}

void SetJson(httplib::Response& response, const std::string& body) {
  response.set_header("Cache-Control", "no-store");
  response.set_content(body, kJsonType);
}

void SetCsv(httplib::Response& response, const std::string& body, std::string_view file_name) {
  response.set_header("Cache-Control", "no-store");
  response.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file_name));
  response.set_content(body, "text/csv; charset=utf-8");
}

std::optional<std::string> Param(const httplib::Request& request, const char* name) {
  if (!request.has_param(name)) {
    return std::nullopt;
  }
  return request.get_param_value(name);
}

void SetInternalError(httplib::Response& response, const httplib::Request& request,
                      std::string_view what) {
  spdlog::error("{} {}: {}", request.method, request.path, what);
  SetError(response, ToInt(HttpStatus::kInternalError),
           "internal error (the server's log has the details)");
}

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

}  // namespace churn::server

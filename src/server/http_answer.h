#pragma once
// How the server writes an answer to an HTTP request, shared by its routes
// (api_routes.cpp) and its own errors (dashboard_server.cpp): JSON bodies,
// JSON errors {"error": "...", "status": N}, query parameters, POST bodies,
// and the one place a request's errors are caught.
//
//   http.Get("/api/x", Guarded([](const httplib::Request& request, httplib::Response& response) {
//     SetJson(response, AnswerOf(Param(request, "top")));  // a RequestError becomes its status
//   }));

#include <httplib.h>

#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "server/answer_compression.h"
#include "server/request_error.h"

namespace churn::server {

inline constexpr const char* kJsonType = "application/json";

// {"error": message, "status": status}, not cached. The message may quote
// the request (a path, a parameter), which may not be valid UTF-8: such
// bytes become U+FFFD rather than fail the answer.
void SetError(httplib::Response& response, int status, std::string_view message);

// A JSON body, not cached.
void SetJson(httplib::Response& response, const std::string& body);

// A CSV download named `file_name`.
void SetCsv(httplib::Response& response, const std::string& body, std::string_view file_name);

// A query parameter's first value; nullopt when absent.
std::optional<std::string> Param(const httplib::Request& request, const char* name);

// A 500 whose details go to the server's log only (they may name files).
void SetInternalError(httplib::Response& response, const httplib::Request& request,
                      std::string_view what);

// The message of an answer httplib makes itself (no route, 413, a malformed
// request).
std::string StatusText(int status, std::size_t max_request_bytes);

// A POST body of at most `limit` bytes; RequestError 413 beyond it, 400
// when it is empty or the client sent less than it announced.
std::string ReadBody(const httplib::Request& request, const httplib::ContentReader& reader,
                     std::size_t limit);

// The one place a request's errors are caught: a RequestError answers with
// its status, anything else with a 500 (and a line in the log). The answer
// then goes out compressed by the server itself (CompressAnswer).
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
  CompressAnswer(request, response);
}

// A handler whose errors AnswerGuarded catches.
template <typename Answer>
httplib::Server::Handler Guarded(Answer answer) {
  return [answer](const httplib::Request& request, httplib::Response& response) {
    AnswerGuarded(request, response, [&] { answer(request, response); });
  };
}

}  // namespace churn::server

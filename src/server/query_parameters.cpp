#include "server/query_parameters.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "server/request_error.h"

namespace churn::server {

std::size_t QueryCount(std::string_view name, std::optional<std::string_view> text,
                       std::size_t fallback, std::size_t low, std::size_t high) {
  if (!text) {
    return fallback;
  }
  std::size_t value = 0;
  const char* end = text->data() + text->size();
  auto [stop, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || stop != end || value < low || value > high) {
    throw RequestError(HttpStatus::kBadRequest,
                       fmt::format("query parameter '{}' must be a whole number from {} to {}, "
                                   "got '{}'",
                                   name, low, high, *text));
  }
  return value;
}

double QueryNumber(std::string_view name, std::optional<std::string_view> text, double fallback,
                   double low, double high) {
  if (!text) {
    return fallback;
  }
  double value = 0;
  const char* end = text->data() + text->size();
  auto [stop, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value) || value < low || value > high) {
    throw RequestError(HttpStatus::kBadRequest,
                       fmt::format("query parameter '{}' must be a number from {} to {}, got '{}'",
                                   name, low, high, *text));
  }
  return value;
}

}  // namespace churn::server

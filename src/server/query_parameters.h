#pragma once
// Typed values from a request's query string, or a 400 that names the
// parameter and what it must be:
//
//   std::size_t top = QueryCount("top", request.get_param_value("top"), 100, 1, 100000);

#include <cstddef>
#include <optional>
#include <string_view>

namespace churn::server {

// A whole number in [low, high]; `fallback` when the parameter is absent.
std::size_t QueryCount(std::string_view name, std::optional<std::string_view> text,
                       std::size_t fallback, std::size_t low, std::size_t high);

// A number in [low, high]; `fallback` when the parameter is absent.
double QueryNumber(std::string_view name, std::optional<std::string_view> text, double fallback,
                   double low, double high);

}  // namespace churn::server

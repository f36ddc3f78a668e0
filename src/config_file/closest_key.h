#pragma once
// Suggests the valid name closest to a mistyped one ("usres" -> "users"), for
// error messages about unknown config keys and choices.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace churn::config_file {

// Levenshtein distance between two strings.
std::size_t EditDistance(std::string_view left, std::string_view right);

// The candidate nearest to `typed`, if it is near enough to be a typo.
std::optional<std::string> ClosestKey(std::string_view typed,
                                      const std::vector<std::string>& candidates);

}  // namespace churn::config_file

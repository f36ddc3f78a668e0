#pragma once
// How one setting's value is written in the config file, the docs and the
// provenance JSON: the same words the reader accepts.

#include <concepts>
#include <cstdint>
#include <string>
#include <vector>

#include "events/year_month.h"

namespace churn::config_file {

// A YAML scalar or flow list: plain where YAML reads it back as the same
// string, double-quoted otherwise.
std::string YamlText(const std::string& value);
std::string YamlText(const std::vector<std::string>& values);
std::string YamlText(bool value);
std::string YamlText(double value);  // always with a point or exponent: 1.0, 0.05, 1e-06
std::string YamlText(const events::YearMonth& month);
template <std::integral Integer>
std::string YamlText(Integer value) {
  return std::to_string(value);
}

// "2019-11-01" for each UTC midnight.
std::vector<std::string> DateTexts(const std::vector<std::int64_t>& midnights);

}  // namespace churn::config_file

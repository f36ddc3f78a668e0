#include "config_file/setting_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "events/event_time.h"

namespace churn::config_file {
namespace {

// Words YAML would read as something other than a string.
constexpr std::array<std::string_view, 12> kReservedWords = {
    "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", "True", "False"};

bool IsPlain(const std::string& value) {
  if (value.empty() ||
      std::find(kReservedWords.begin(), kReservedWords.end(), value) != kReservedWords.end()) {
    return false;
  }
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto ordinary = [&](char c) {
    return letter(c) || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '-';
  };
  return (letter(value.front()) || value.front() == '.' || value.front() == '/') &&
         std::all_of(value.begin(), value.end(), ordinary);
}

}  // namespace

std::string YamlText(const std::string& value) {
  if (IsPlain(value)) {
    return value;
  }
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
    }
    quoted += c;
  }
  return quoted + "\"";
}

std::string YamlText(const std::vector<std::string>& values) {
  std::vector<std::string> texts;
  texts.reserve(values.size());
  for (const std::string& value : values) {
    texts.push_back(YamlText(value));
  }
  return fmt::format("[{}]", fmt::join(texts, ", "));
}

std::string YamlText(bool value) {
  return value ? "true" : "false";
}

std::string YamlText(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".en") == std::string::npos) {
    text += ".0";
  }
  return text;
}

std::string YamlText(const events::YearMonth& month) {
  return month.ToIsoString();
}

std::vector<std::string> DateTexts(const std::vector<std::int64_t>& midnights) {
  std::vector<std::string> dates;
  dates.reserve(midnights.size());
  for (std::int64_t midnight : midnights) {
    dates.push_back(events::FormatDate(midnight));
  }
  return dates;
}

}  // namespace churn::config_file

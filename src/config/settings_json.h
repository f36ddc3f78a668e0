#pragma once
// Every declared setting of config structs as JSON, keyed as in the config
// file: the manifest's record of how a model was trained, and the test that
// the shipped config file holds the built-in defaults.
//
//   SettingsJson(config.train, config.report)
//   // {"candidates": ["xgboost", ...], "threshold": "max_f1",
//   //  "xgboost": {"rounds": 400, ...}, "campaign": {...}, ...}

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/enum_names.h"
#include "config/setting.h"

namespace churn::config {

class SettingJsonWriter : public SettingVisitor {
 public:
  // With include_paths false, path settings are left out (they depend on
  // where the config file lies).
  SettingJsonWriter(nlohmann::json& json, bool include_paths)
      : json_(json), include_paths_(include_paths) {}

  template <typename T>
  void Value(std::string_view key, const T& value, std::string_view /*help*/) {
    if constexpr (requires { value.ToIsoString(); }) {  // a month: "2019-10"
      json_[std::string(key)] = value.ToIsoString();
    } else {
      json_[std::string(key)] = value;
    }
  }
  template <typename T, typename R>
  void Value(std::string_view key, const T& value, Range<R> /*range*/, std::string_view help) {
    Value(key, value, help);
  }
  template <typename E, typename Names>
  void Choice(std::string_view key, const E& value, const Names& names, std::string_view /*help*/) {
    json_[std::string(key)] = std::string(NameOf(names, value));
  }
  template <typename Names>
  void ChoiceList(std::string_view key, const std::vector<std::string>& values,
                  const Names& /*names*/, std::string_view /*help*/) {
    json_[std::string(key)] = values;
  }
  template <typename P>
  void Path(std::string_view key, const P& value, std::string_view /*help*/) {
    if (include_paths_) {
      json_[std::string(key)] = std::filesystem::path(value).generic_string();
    }
  }
  void Dates(std::string_view key, const std::vector<std::int64_t>& value,
             std::string_view /*help*/) {
    std::vector<std::string> dates;
    dates.reserve(value.size());
    for (std::int64_t midnight : value) {
      dates.push_back(IsoDate(midnight));
    }
    json_[std::string(key)] = dates;
  }
  template <typename Visit>
  void Section(std::string_view key, std::string_view /*help*/, Visit&& visit) {
    nlohmann::json nested = nlohmann::json::object();
    SettingJsonWriter writer(nested, include_paths_);
    visit(writer);
    if (!nested.empty()) {
      json_[std::string(key)] = std::move(nested);
    }
  }
  template <typename Visit>
  void Overrides(std::string_view key, std::string_view help, Visit&& visit) {
    Section(key, help, std::forward<Visit>(visit));
  }

 private:
  // "2019-11-01" for a midnight in Unix seconds (UTC).
  static std::string IsoDate(std::int64_t unix_seconds) {
    using std::chrono::days;
    std::chrono::year_month_day date{
        std::chrono::floor<days>(std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}})};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  }

  nlohmann::json& json_;
  bool include_paths_;
};

// The settings of each struct, merged into one object.
template <typename... Settings>
nlohmann::json SettingsJson(const Settings&... settings) {
  nlohmann::json json = nlohmann::json::object();
  SettingJsonWriter writer(json, true);
  (Settings::VisitSettings(settings, writer), ...);
  return json;
}

}  // namespace churn::config

#pragma once
// Every declared setting of config structs as JSON, keyed as in the config
// file: the manifest's record of how a model was trained, and the test that
// the shipped config file holds the built-in defaults.
//
//   SettingsJson(config.train, config.report)
//   // {"candidates": ["xgboost", ...], "threshold": "max_f1",
//   //  "xgboost": {"rounds": 400, ...}, "campaign": {...}, ...}

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "app/setting_text.h"
#include "config/enum_names.h"
#include "config/setting.h"
#include "events/year_month.h"

namespace churn::app {

class SettingJsonWriter : public config::SettingVisitor {
 public:
  // With include_paths false, path settings are left out (they depend on
  // where the config file lies).
  SettingJsonWriter(nlohmann::json& json, bool include_paths)
      : json_(json), include_paths_(include_paths) {}

  template <typename T>
  void Value(std::string_view key, const T& value, std::string_view /*help*/) {
    if constexpr (std::is_same_v<T, events::YearMonth>) {
      json_[std::string(key)] = value.ToIsoString();
    } else {
      json_[std::string(key)] = value;
    }
  }
  template <typename T, typename R>
  void Value(std::string_view key, const T& value, config::Range<R> /*range*/,
             std::string_view help) {
    Value(key, value, help);
  }
  template <typename E, typename Names>
  void Choice(std::string_view key, const E& value, const Names& names, std::string_view /*help*/) {
    json_[std::string(key)] = std::string(config::NameOf(names, value));
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
    json_[std::string(key)] = DateTexts(value);
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

}  // namespace churn::app

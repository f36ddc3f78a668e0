#pragma once
// The range and choice checks of a config struct's declared settings, for its
// Validate():
//
//   void DemoConfig::Validate() const { config::CheckSettings(*this, "demo"); }
//
// Throws ConfigError with the setting's dotted key first, the form that the
// config reader locates in the file:
//
//   demo.months must be between 1 and 36, got 40
//
// Cross-field rules that no range expresses stay as named checks in the
// struct's Validate().

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "config/enum_names.h"
#include "config/setting.h"
#include "errors/error.h"

namespace churn::config {

class SettingChecker : public SettingVisitor {
 public:
  explicit SettingChecker(std::string section) : section_(std::move(section)) {}

  using SettingVisitor::Value;
  template <typename T, typename R>
  void Value(std::string_view key, const T& value, Range<R> range, std::string_view /*help*/) {
    bool outside = value < range.low || value > range.high;
    if constexpr (std::is_floating_point_v<T>) {
      outside = outside || !std::isfinite(value);
    }
    if (outside) {
      throw ConfigError(fmt::format("{} must be between {} and {}, got {}", KeyPath(section_, key),
                                    range.low, range.high, value));
    }
  }

  template <typename E, typename Names>
  void Choice(std::string_view key, const E& value, const Names& names, std::string_view /*help*/) {
    if (NameOf(names, value).empty()) {
      throw InternalError(fmt::format("{} holds a value without a name", KeyPath(section_, key)));
    }
  }

  template <typename L, typename Names>
  void ChoiceList(std::string_view key, const L& values, const Names& names,
                  std::string_view /*help*/) {
    std::string path = KeyPath(section_, key);
    if (values.empty()) {
      throw ConfigError(fmt::format("{} must name at least one of: {}", path, NameList(names)));
    }
    for (auto value = values.begin(); value != values.end(); ++value) {
      if (!ValueOf(names, *value)) {
        throw ConfigError(fmt::format("{}: unknown value '{}' (expected one of: {})", path, *value,
                                      NameList(names)));
      }
      if (std::find(values.begin(), value, *value) != value) {
        throw ConfigError(fmt::format("{}: '{}' is listed twice", path, *value));
      }
    }
  }

  template <typename Visit>
  void Section(std::string_view key, std::string_view /*help*/, Visit&& visit) {
    SettingChecker nested(KeyPath(section_, key));
    visit(nested);
  }
  template <typename Visit>
  void Overrides(std::string_view key, std::string_view help, Visit&& visit) {
    Section(key, help, std::forward<Visit>(visit));
  }

 private:
  std::string section_;
};

// Checks every declared range and choice of `settings`, whose keys live
// under `section` ("demo", "train.xgboost").
template <typename Settings>
void CheckSettings(const Settings& settings, std::string_view section) {
  SettingChecker checker{std::string(section)};
  Settings::VisitSettings(settings, checker);
}

}  // namespace churn::config

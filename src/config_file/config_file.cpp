#include "config_file/config_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <type_traits>
#include <utility>

#include "config/enum_names.h"
#include "config_file/closest_key.h"
#include "config_file/yaml_section.h"
#include "errors/error.h"
#include "events/event_time.h"
#include "events/year_month.h"

namespace churn::config_file {
namespace {

// "unknown value 'zstd' (expected one of: none, gz, zst; did you mean 'zst'?)"
ConfigError UnknownChoice(const YamlSection& section, std::string_view key, std::string_view text,
                          const std::vector<std::string>& names) {
  std::string hint;
  if (std::optional<std::string> closest = ClosestKey(text, names)) {
    hint = fmt::format("; did you mean '{}'?", *closest);
  }
  return ConfigError(fmt::format("{}{}: unknown value '{}' (expected one of: {}{})",
                                 section.Where(key), section.KeyPath(key), text,
                                 fmt::join(names, ", "), hint));
}

// Reads one mapping of the file into the settings its struct declares; a
// key the declaration lacks is left for RejectUnknownKeys. Ranges are the
// stages' Validate(), run once everything is read.
class SettingReader : public config::SettingVisitor {
 public:
  SettingReader(YamlSection& section, const std::filesystem::path& base)
      : section_(section), base_(base) {}

  template <typename T>
  void Value(std::string_view key, T& value, std::string_view /*help*/) {
    if constexpr (std::is_same_v<T, events::YearMonth>) {
      std::string text;
      section_.Read(key, &text);
      if (text.empty()) {
        return;
      }
      std::optional<events::YearMonth> month = events::YearMonth::Parse(text);
      if (!month) {
        throw ConfigError(fmt::format("{}{}: expected a month like 2019-10, got '{}'",
                                      section_.Where(key), section_.KeyPath(key), text));
      }
      value = *month;
    } else {
      section_.Read(key, &value);
    }
  }
  template <typename T, typename R>
  void Value(std::string_view key, T& value, config::Range<R> /*range*/, std::string_view help) {
    Value(key, value, help);
  }

  template <typename E, typename Names>
  void Choice(std::string_view key, E& value, const Names& names, std::string_view /*help*/) {
    std::string text;
    section_.Read(key, &text);
    if (text.empty()) {
      return;
    }
    std::optional<E> chosen = config::ValueOf(names, text);
    if (!chosen) {
      throw UnknownChoice(section_, key, text, config::Names(names));
    }
    value = *chosen;
  }

  template <typename Names>
  void ChoiceList(std::string_view key, std::vector<std::string>& values, const Names& names,
                  std::string_view /*help*/) {
    section_.Read(key, &values);
    for (const std::string& text : values) {
      if (!config::ValueOf(names, text)) {
        throw UnknownChoice(section_, key, text, config::Names(names));
      }
    }
  }

  template <typename P>
  void Path(std::string_view key, P& value, std::string_view /*help*/) {
    std::string text;
    section_.Read(key, &text);
    if (text.empty()) {
      return;
    }
    std::filesystem::path path(text);
    path = (path.is_absolute() ? path : base_ / path).lexically_normal();
    if constexpr (std::is_same_v<P, std::string>) {
      value = path.string();
    } else {
      value = path;
    }
  }

  void Dates(std::string_view key, std::vector<std::int64_t>& value, std::string_view /*help*/) {
    std::vector<std::string> dates;
    section_.Read(key, &dates);
    if (dates.empty()) {
      return;
    }
    value.clear();
    for (const std::string& date : dates) {
      std::optional<std::int64_t> midnight = events::ParseEventTime(date + " 00:00:00");
      if (!midnight) {
        throw ConfigError(fmt::format("{}{}: expected dates like 2019-11-01, got '{}'",
                                      section_.Where(key), section_.KeyPath(key), date));
      }
      value.push_back(*midnight);
    }
  }

  template <typename Visit>
  void Section(std::string_view key, std::string_view /*help*/, Visit&& visit) {
    YamlSection nested = section_.Section(key);
    SettingReader reader(nested, base_);
    visit(reader);
    nested.RejectUnknownKeys();
  }
  template <typename Visit>
  void Overrides(std::string_view key, std::string_view help, Visit&& visit) {
    Section(key, help, std::forward<Visit>(visit));
  }

  template <typename Apply>
  void AfterRead(Apply&& apply) {
    apply();
  }

 private:
  YamlSection& section_;
  const std::filesystem::path& base_;
};

YAML::Node ParseYaml(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) {
    throw IoError(
        fmt::format("config file {} is a folder; pass the YAML file itself", path.string()));
  }
  std::ifstream in(path);
  if (!in) {
    throw IoError(fmt::format("cannot read config file {}", path.string()));
  }
  try {
    return YAML::Load(in);
  } catch (const YAML::ParserException& error) {
    throw ConfigError(fmt::format("{}:{}:{}: invalid YAML: {}", path.string(), error.mark.line + 1,
                                  error.mark.column + 1, error.msg));
  }
}

}  // namespace

AppConfig LoadConfigFile(const std::filesystem::path& path) {
  std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  AppConfig config = AppConfig::Defaults(base);
  config.source = path;
  YamlSection root(ParseYaml(path), "", path);
  SettingReader reader(root, base);
  AppConfig::VisitSettings(config, reader);
  root.RejectUnknownKeys();
  try {
    config.Validate();
  } catch (const ConfigError& error) {
    throw ConfigError(root.LocateMessage(error.what()) + error.what());
  }
  return config;
}

}  // namespace churn::config_file

#include "config_file/app_config.h"

#include <string_view>
#include <type_traits>

#include "errors/error.h"

namespace churn::config_file {
namespace {

// Resolves every relative path setting against one folder.
class PathResolver : public config::SettingVisitor {
 public:
  explicit PathResolver(std::filesystem::path base) : base_(std::move(base)) {}

  template <typename P>
  void Path(std::string_view /*key*/, P& value, std::string_view /*help*/) {
    std::filesystem::path path(value);
    if (path.empty() || path.is_absolute()) {
      return;
    }
    path = (base_ / path).lexically_normal();
    if constexpr (std::is_same_v<P, std::string>) {
      value = path.string();
    } else {
      value = path;
    }
  }
  template <typename Visit>
  void Section(std::string_view /*key*/, std::string_view /*help*/, Visit&& visit) {
    visit(*this);
  }
  template <typename Visit>
  void Overrides(std::string_view /*key*/, std::string_view /*help*/, Visit&& visit) {
    visit(*this);
  }

 private:
  std::filesystem::path base_;
};

}  // namespace

AppConfig AppConfig::Defaults(const std::filesystem::path& base_dir) {
  AppConfig config;
  PathResolver resolver(base_dir.lexically_normal());
  VisitSettings(config, resolver);
  return config;
}

void AppConfig::Validate() const {
  if (logs.empty()) {
    throw ConfigError("logs.path must name a folder, glob or file of monthly logs");
  }
  demo.Validate();
  features.Validate();
  train.Validate();
  report.Validate();
  value.Validate();
  server.Validate();
}

void ApplyOverrides(const PathOverrides& overrides, AppConfig* config) {
  if (overrides.logs) {
    config->logs = std::filesystem::path(*overrides.logs).lexically_normal().string();
  }
  if (overrides.out_dir) {
    config->output = OutputLayout::Under(overrides.out_dir->lexically_normal());
  }
  if (overrides.memory_limit) {
    config->features.memory_limit = *overrides.memory_limit;
  }
}

}  // namespace churn::config_file

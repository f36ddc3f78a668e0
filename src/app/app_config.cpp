#include "app/app_config.h"

#include "errors/error.h"

namespace churn::app {

AppConfig AppConfig::Defaults(const std::filesystem::path& base_dir) {
  AppConfig config;
  config.logs = (base_dir / "data" / "raw").lexically_normal().string();
  config.output = OutputLayout::Under(base_dir.lexically_normal());
  return config;
}

void AppConfig::Validate() const {
  if (logs.empty()) {
    throw ConfigError("logs.path must name a folder, glob or file of monthly logs");
  }
  demo.Validate();
  features.Validate();
  train.Validate();
  server.Validate();
}

void ApplyOverrides(const PathOverrides& overrides, AppConfig* config) {
  if (overrides.logs) {
    config->logs = std::filesystem::path(*overrides.logs).lexically_normal().string();
  }
  if (overrides.out_dir) {
    config->output = OutputLayout::Under(overrides.out_dir->lexically_normal());
  }
}

}  // namespace churn::app

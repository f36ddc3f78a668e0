#pragma once
// The whole configuration, as the app layer hands it to the stages: one typed
// struct per stage, plus where logs are read and results written. Only the
// app layer reads YAML (config_file.h); the stages see these structs.

#include <filesystem>
#include <optional>
#include <string>

#include "dataset/output_layout.h"
#include "demo/demo_config.h"
#include "features/feature_config.h"
#include "model/training_config.h"
#include "server/server_config.h"

namespace churn::app {

using dataset::OutputLayout;  // where results go (dataset/output_layout.h)

struct AppConfig {
  std::filesystem::path source;  // the config file read; empty for built-in defaults
  std::string logs;              // folder, glob or file of monthly logs, resolved
  OutputLayout output;
  demo::DemoConfig demo;
  features::FeatureConfig features;  // with the churn definition
  model::TrainingConfig train;
  server::ServerConfig server;

  // Built-in defaults, with relative paths resolved against base_dir.
  static AppConfig Defaults(const std::filesystem::path& base_dir);
  // Runs every stage's validation; throws ConfigError.
  void Validate() const;
};

// What the command line may override in every subcommand.
struct PathOverrides {
  std::optional<std::string> logs;               // --logs PATH
  std::optional<std::filesystem::path> out_dir;  // --out DIR
};

void ApplyOverrides(const PathOverrides& overrides, AppConfig* config);

}  // namespace churn::app

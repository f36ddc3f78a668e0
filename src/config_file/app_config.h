#pragma once
// The whole configuration, as the command line hands it to the stages: one
// typed struct per stage, plus where logs are read and results written. Only
// this stage reads YAML (config_file.h); the stages see these structs. Each
// struct declares its settings once (config/setting.h); VisitSettings here
// puts them into the file's sections.

#include <filesystem>
#include <optional>
#include <string>

#include "config/setting.h"
#include "dataset/output_layout.h"
#include "demo/demo_config.h"
#include "features/feature_config.h"
#include "model/training_config.h"
#include "report/report_config.h"
#include "server/server_config.h"
#include "value/value_config.h"

namespace churn::config_file {

using dataset::OutputLayout;  // where results go (dataset/output_layout.h)

struct AppConfig {
  std::filesystem::path source;   // the config file read; empty for built-in defaults
  std::string logs = "data/raw";  // folder, glob or file of monthly logs, resolved
  OutputLayout output;
  demo::DemoConfig demo;
  features::FeatureConfig features;  // with the churn definition
  model::TrainingConfig train;
  report::ReportConfig report;  // read from the train: section too
  value::ValueConfig value;
  server::ServerConfig server;

  // Every section of the config file, in the file's order.
  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor);

  // Built-in defaults, with relative paths resolved against base_dir.
  static AppConfig Defaults(const std::filesystem::path& base_dir);
  // Runs every stage's validation; throws ConfigError.
  void Validate() const;
};

template <class Self, class Visitor>
void AppConfig::VisitSettings(Self& self, Visitor& visitor) {
  visitor.Section("logs", "Where the monthly event logs are read.", [&self](auto& section) {
    section.Path(
        "path", self.logs,
        "a folder of files named by month (2019-Oct.csv, 2019-Nov.csv.gz, 2019-Dec.csv.zst), "
        "a glob (/data/rees46/2019-*.csv.gz) or a single file; --logs PATH overrides it");
  });
  visitor.Section("output",
                  "Where results are written; --out DIR gives DIR/data, DIR/models and DIR/scores.",
                  [&self](auto& section) {
                    section.Path("data", self.output.data_dir,
                                 "processed_train.csv, processed_test.csv and the run report");
                    section.Path("models", self.output.models_dir,
                                 "the model, its manifest, metrics, curves and explanations");
                    section.Path("scores", self.output.scores_dir,
                                 "the scorings of today's customers, one folder per as-of date "
                                 "(at_risk.csv, SHAP values, drift, summary)");
                  });
  visitor.Section("demo",
                  "The demo shop (`churn-radar make-dataset --demo`): realistic monthly logs "
                  "written into logs.path.",
                  [&self](auto& section) { demo::DemoConfig::VisitSettings(self.demo, section); });
  visitor.Section(
      "features", "How logs are read into features (`churn-radar features`).",
      [&self](auto& section) { features::FeatureConfig::VisitSettings(self.features, section); });
  visitor.Section("churn",
                  "What churn means. A snapshot at each cutoff: features from the events before "
                  "it, label from the window after it.",
                  [&self](auto& section) {
                    features::ChurnDefinition::VisitSettings(self.features.churn, section);
                  });
  visitor.Section("train", "Model candidates, how the winner and its threshold are chosen.",
                  [&self](auto& section) {
                    model::TrainingConfig::VisitSettings(self.train, section);
                    report::ReportConfig::VisitSettings(self.report, section);
                  });
  visitor.Section(
      "value",
      "Customer value: BG/NBD and Gamma-Gamma fitted at each scoring's as-of date on "
      "every customer with a purchase before it (models/value_model.json).",
      [&self](auto& section) { value::ValueConfig::VisitSettings(self.value, section); });
  visitor.Section(
      "server", "`churn-radar serve`: the dashboard and the JSON API.",
      [&self](auto& section) { server::ServerConfig::VisitSettings(self.server, section); });
}

// What the command line may override in every subcommand.
struct PathOverrides {
  std::optional<std::string> logs;               // --logs PATH
  std::optional<std::filesystem::path> out_dir;  // --out DIR
  std::optional<std::string> memory_limit;       // --memory-limit SIZE (features.memory_limit)
};

void ApplyOverrides(const PathOverrides& overrides, AppConfig* config);

}  // namespace churn::config_file

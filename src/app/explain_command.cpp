#include "app/explain_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <numeric>

#include "app/display_path.h"
#include "config/enum_names.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "explain/shap_summary.h"
#include "model/model_bundle.h"
#include "model/model_kind.h"
#include "report/training_files.h"

namespace churn::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kTopFeaturesShown = 10;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::pair<std::string, double>> TopFeatures(const std::vector<std::string>& names,
                                                        std::span<const float> shap) {
  std::vector<double> mean_abs = explain::MeanAbsoluteShap(names.size(), shap);
  std::vector<std::pair<std::string, double>> features;
  for (std::size_t col = 0; col < names.size(); ++col) {
    features.emplace_back(names[col], mean_abs[col]);
  }
  std::stable_sort(features.begin(), features.end(),
                   [](const auto& left, const auto& right) { return left.second > right.second; });
  features.resize(std::min(features.size(), kTopFeaturesShown));
  return features;
}

}  // namespace

ExplainOutcome BuildExplanations(const AppConfig& config) {
  Clock::time_point start = Clock::now();
  const std::filesystem::path& models = config.output.models_dir;
  dataset::FeatureColumns columns = dataset::ReadFeatureColumns(models / "feature_columns.json");
  model::ModelBundle bundle = model::LoadModelBundle(models, columns);
  dataset::LabelledRows test = dataset::ReadProcessedTable(
      config.output.data_dir / "processed_test.csv", columns.names, {.require_label = false});
  std::vector<double> probabilities = bundle.Probabilities(test.features, config.train.threads);

  ExplainOutcome outcome;
  outcome.model_type =
      std::string(config::NameOf(model::kModelKindNames, bundle.classifier->Kind()));
  outcome.users = test.size();
  Clock::time_point shap_start = Clock::now();
  explain::ModelExplainer explainer(*bundle.classifier);
  std::vector<float> shap = explainer.Explain(test.features, config.train.threads);
  outcome.shap_seconds = SecondsSince(shap_start);
  spdlog::info("exact SHAP values for {} users in {:.2f} s", test.size(), outcome.shap_seconds);

  explain::WriteShapStore(models / explain::kShapStoreFileName, bundle.digest, test, probabilities,
                          shap);
  report::WriteJsonFile(models / "shap_summary.json",
                        explain::ShapSummaryJson(test, shap, bundle.classifier->Importances(),
                                                 {.seed = config.train.seed}));
  outcome.top_features = TopFeatures(columns.names, shap);
  outcome.seconds = SecondsSince(start);
  return outcome;
}

void PrintExplainSummary(const AppConfig& config, const ExplainOutcome& outcome) {
  double rate =
      outcome.shap_seconds > 0 ? static_cast<double>(outcome.users) / outcome.shap_seconds : 0.0;
  fmt::print(
      "Explained {} users of the test snapshot with exact SHAP values ({}) in {:.2f} s "
      "({:.0f} users/s)\n",
      outcome.users, outcome.model_type, outcome.shap_seconds, rate);
  fmt::print("  mean |SHAP| (log-odds)  feature\n");
  for (const auto& [feature, value] : outcome.top_features) {
    fmt::print("  {:>21.4f}  {}\n", value, feature);
  }
  fmt::print("wrote {} and {}\n",
             DisplayPath(config.output.models_dir / explain::kShapStoreFileName),
             DisplayPath(config.output.models_dir / "shap_summary.json"));
}

ExitCode RunExplain(const AppConfig& config) {
  ExplainOutcome outcome = BuildExplanations(config);
  PrintExplainSummary(config, outcome);
  return ExitCode::kOk;
}

}  // namespace churn::app

#include "report/explanation_run.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "config/enum_names.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "explain/shap_summary.h"
#include "model/model_bundle.h"
#include "model/model_kind.h"
#include "report/training_files.h"

namespace churn::report {
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

ExplanationOutcome ExplainTestSnapshot(const dataset::OutputLayout& output,
                                       const ExplanationSettings& settings,
                                       const progress::Reporter& progress) {
  Clock::time_point start = Clock::now();
  const std::filesystem::path& models = output.models_dir;
  dataset::FeatureColumns columns =
      dataset::ReadFeatureColumns(models / dataset::kFeatureColumnsFile);
  model::ModelBundle bundle = model::LoadModelBundle(models, columns);
  // The test rows explained must be those the model was tested on.
  dataset::RequireTrainedOn(output, models / model::kManifestFileName);
  dataset::LabelledRows test = dataset::ReadProcessedTable(
      output.data_dir / dataset::kProcessedTestFile, columns.names, {.require_label = false});
  std::vector<double> probabilities = bundle.Probabilities(test.features, settings.threads);

  ExplanationOutcome outcome;
  outcome.model_type =
      std::string(config::NameOf(model::kModelKindNames, bundle.classifier->Kind()));
  outcome.users = test.size();
  Clock::time_point shap_start = Clock::now();
  explain::ModelExplainer explainer(*bundle.classifier);
  std::vector<float> shap = explainer.Explain(test.features, settings.threads, progress);
  outcome.shap_seconds = SecondsSince(shap_start);
  spdlog::info("exact SHAP values for {} users in {:.2f} s", test.size(), outcome.shap_seconds);

  // The summary first, with the model it explains, and the store (which
  // holds the model's digest in its header) last: an explain stopped between
  // the two leaves a store of the earlier model, which readers refuse, never
  // a summary of another model beside this model's store.
  nlohmann::json summary = explain::ShapSummaryJson(test, shap, bundle.classifier->Importances(),
                                                    {.seed = settings.seed});
  summary[kShapSummaryModelKey] = bundle.digest;
  WriteJsonFile(models / explain::kShapSummaryFile, summary);
  explain::WriteShapStore(models / explain::kShapStoreFileName, bundle.digest, test, probabilities,
                          shap);
  outcome.top_features = TopFeatures(columns.names, shap);
  outcome.seconds = SecondsSince(start);
  return outcome;
}

}  // namespace churn::report

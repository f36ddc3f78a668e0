#include "server/served_artifacts.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "config/enum_names.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "events/whole_file.h"
#include "explain/shap_summary.h"
#include "model/model_kind.h"
#include "model/risk_band.h"
#include "report/explanation_run.h"
#include "report/report_files.h"
#include "server/risk_list.h"

namespace churn::server {
namespace {

// A report file of the models folder, parsed, or none when it is not there;
// `made_by` names the command that writes it, for the message when it is
// malformed.
std::optional<nlohmann::json> ReadOptionalReport(const std::filesystem::path& path,
                                                 std::string_view made_by) {
  std::optional<std::string> text = events::ReadWholeFile(path);
  if (!text) {
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& error) {
    throw InputError(fmt::format("{}: not valid JSON ({}); run `churn-radar {}` again",
                                 path.string(), error.what(), made_by));
  }
}

// A report file that must be there.
nlohmann::json ReadReport(const std::filesystem::path& path, std::string_view made_by) {
  std::optional<nlohmann::json> report = ReadOptionalReport(path, made_by);
  if (!report) {
    throw InputError(fmt::format("{} is missing: run `churn-radar {}` (or `churn-radar run`) first",
                                 path.string(), made_by));
  }
  return *std::move(report);
}

// The training settings without the thread count, which changes no figure.
nlohmann::json SettingsOf(nlohmann::json config) {
  if (config.is_object()) {
    config.erase("threads");
  }
  return config;
}

// Whether the backtest was made with the model's settings on its tables:
// the fingerprints both recorded (dataset/artifact_lineage.h) agree. A
// backtest without that record (an older one) is taken as it is.
bool DescribesTheModel(const nlohmann::json& backtest, const nlohmann::json& manifest) {
  if (!backtest.contains("training_config") || !backtest.contains("inputs")) {
    return true;
  }
  return SettingsOf(backtest["training_config"]) ==
             SettingsOf(manifest.value("config", nlohmann::json())) &&
         !dataset::DifferingFile(backtest["inputs"], manifest.value("inputs", nlohmann::json()));
}

// shap_summary.json must explain the model served; one written before it
// recorded its model is taken as it is.
void RequireSummaryOfTheModel(const nlohmann::json& shap_summary, const model::ModelBundle& bundle,
                              const std::filesystem::path& models_dir) {
  const nlohmann::json explained =
      shap_summary.value(report::kShapSummaryModelKey, nlohmann::json(bundle.digest));
  if (explained != bundle.digest) {
    throw InputError(fmt::format(
        "{}: explains another model than {}; run `churn-radar explain` (or `churn-radar run`)",
        events::DisplayPath(models_dir / explain::kShapSummaryFile),
        events::DisplayPath(models_dir / model::kModelFileName)));
  }
}

// backtest.json as the API sends it, when the rolling backtest has run for
// the served model's settings and tables. InputError when it is malformed.
std::optional<std::string> BacktestJson(const std::filesystem::path& models_dir,
                                        const nlohmann::json& manifest) {
  std::filesystem::path path = models_dir / report::kBacktestFile;
  std::optional<nlohmann::json> backtest = ReadOptionalReport(path, "backtest");
  if (!backtest) {
    return std::nullopt;
  }
  if (!backtest->is_object() || !backtest->contains("cutoffs") ||
      !backtest->at("cutoffs").is_array()) {
    throw InputError(fmt::format(
        "{}: expected an object with a \"cutoffs\" list; run `churn-radar backtest` again",
        path.string()));
  }
  if (!DescribesTheModel(*backtest, manifest)) {
    spdlog::warn(
        "{}: made with other training settings or tables than the model, so not served; run "
        "`churn-radar backtest` again",
        path.string());
    return std::nullopt;
  }
  return backtest->dump();
}

void RequireFile(const std::filesystem::path& path, std::string_view made_by) {
  if (!std::filesystem::exists(path)) {
    throw InputError(fmt::format("{} is missing: run `churn-radar {}` (or `churn-radar run`) first",
                                 path.string(), made_by));
  }
}

// The features by mean |SHAP|, with the model's own importances beside.
nlohmann::json ImportancesJson(const nlohmann::json& shap_summary, std::string_view model_type) {
  nlohmann::json features = shap_summary.at("features");
  std::stable_sort(features.begin(), features.end(),
                   [](const nlohmann::json& left, const nlohmann::json& right) {
                     return left.at("mean_abs_shap").get<double>() >
                            right.at("mean_abs_shap").get<double>();
                   });
  return {{"model", model_type}, {"features", features}};
}

nlohmann::json HealthJson(const nlohmann::json& manifest, const model::ModelBundle& bundle,
                          std::size_t users) {
  const nlohmann::json& calibration = manifest.value("calibration", nlohmann::json::object());
  nlohmann::json risk_bands = nlohmann::json::array();
  for (const model::RiskBandFloor& band : model::RiskBandFloors(bundle.threshold)) {
    risk_bands.push_back({{"name", band.name}, {"min_probability", band.min_probability}});
  }
  return {{"status", "ok"},
          {"model", config::NameOf(model::kModelKindNames, bundle.classifier->Kind())},
          {"model_created_at", manifest.value("created_at", "")},
          {"threshold", bundle.threshold},
          {"risk_bands", risk_bands},
          {"calibration", calibration.value("method", "none")},
          {"users", users},
          {"features", bundle.features.size()}};
}

}  // namespace

ServedArtifacts::ServedArtifacts(dataset::FeatureColumns columns, model::ModelBundle bundle,
                                 explain::ShapStore store, ServedScorings scorings)
    : columns_(std::move(columns)),
      bundle_(std::move(bundle)),
      explainer_(std::make_unique<explain::ModelExplainer>(*bundle_.classifier)),
      store_(std::move(store)),
      by_risk_(OrderByRisk(store_)),
      scorings_(std::move(scorings)) {}

std::unique_ptr<const ServedArtifacts> ServedArtifacts::Load(const dataset::OutputLayout& output,
                                                             std::string_view version) {
  const std::filesystem::path& models_dir = output.models_dir;
  std::filesystem::path columns_path = models_dir / dataset::kFeatureColumnsFile;
  RequireFile(columns_path, "features");
  dataset::FeatureColumns columns = dataset::ReadFeatureColumns(columns_path);
  RequireFile(models_dir / model::kModelFileName, "train");
  model::ModelBundle bundle = model::LoadModelBundle(models_dir, columns);
  // Never the model of one run beside the tables or reports of another.
  dataset::RequireTrainedOn(output, models_dir / model::kManifestFileName,
                            {models_dir / report::kMetricsFile, models_dir / report::kCurvesFile});
  std::filesystem::path store_path = models_dir / explain::kShapStoreFileName;
  RequireFile(store_path, "explain");
  explain::ShapStore store = explain::ShapStore::Open(store_path, bundle.digest, columns.names);

  nlohmann::json metrics = ReadReport(models_dir / report::kMetricsFile, "train");
  nlohmann::json curves = ReadReport(models_dir / report::kCurvesFile, "train");
  nlohmann::json shap_summary = ReadReport(models_dir / explain::kShapSummaryFile, "explain");
  RequireSummaryOfTheModel(shap_summary, bundle, models_dir);
  nlohmann::json manifest = model::ReadManifest(models_dir);
  std::optional<std::string> backtest = BacktestJson(models_dir, manifest);
  ServedScorings scorings = ServedScorings::Load(output.scores_dir, columns.names);

  std::unique_ptr<ServedArtifacts> artifacts(new ServedArtifacts(
      std::move(columns), std::move(bundle), std::move(store), std::move(scorings)));
  nlohmann::json health = HealthJson(manifest, artifacts->bundle_, artifacts->store_.size());
  health["version"] = version;
  artifacts->health_json_ = health.dump();
  artifacts->metrics_json_ = metrics.dump();
  artifacts->curves_json_ = curves.dump();
  artifacts->importances_json_ =
      ImportancesJson(shap_summary,
                      config::NameOf(model::kModelKindNames, artifacts->bundle_.classifier->Kind()))
          .dump();
  artifacts->shap_summary_json_ = shap_summary.dump();
  artifacts->backtest_json_ = std::move(backtest);
  return artifacts;
}

}  // namespace churn::server

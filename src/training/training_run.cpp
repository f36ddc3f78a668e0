#include "training/training_run.h"

#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <set>

#include "config/enum_names.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "dataset/validation_split.h"
#include "errors/error.h"
#include "events/whole_file.h"
#include "metrics/probability_metrics.h"
#include "metrics/threshold_choice.h"
#include "model/boosted_trees.h"
#include "model/logistic_regression.h"
#include "model/model_bundle.h"
#include "model/model_kind.h"
#include "parallel/parallel_for.h"
#include "report/curve_report.h"
#include "report/drift_reference.h"
#include "report/recency_baseline.h"
#include "report/report_files.h"
#include "report/training_files.h"
#include "report/value_baseline.h"
#include "training/training_provenance.h"

namespace churn::training {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The tables `features` wrote, read in the order of feature_columns.json.
struct TrainingTables {
  dataset::FeatureColumns columns;
  dataset::LabelledRows fit;
  dataset::LabelledRows validation;
  dataset::LabelledRows test;
  std::string validation_method;
  std::vector<std::filesystem::path> files;
  // Each row's value if kept, for a campaign that weighs churners by it
  // (train.campaign.customer_value); empty otherwise.
  std::vector<double> validation_values;
  std::vector<double> test_values;
};

// The validation and test rows' values if kept under their snapshots' value
// models, when the campaign asks for them. Throws InputError when a
// snapshot has no value model.
void AttachCustomerValues(const TrainingSettings& settings, TrainingTables& tables) {
  if (!settings.report.campaign.customer_value) {
    return;
  }
  int threads = parallel::ResolveThreads(settings.train.threads);
  std::optional<std::vector<double>> validation =
      report::RetainedValues(tables.validation, tables.columns, threads);
  std::optional<std::vector<double>> test =
      report::RetainedValues(tables.test, tables.columns, threads);
  if (!validation || !test) {
    throw InputError(
        "train.campaign.customer_value needs a customer-value model at every snapshot, and "
        "feature_columns.json lacks one (too few repeat buyers before a cutoff, or tables made "
        "before value models existed): run `churn-radar features` again, or set "
        "train.campaign.customer_value to false");
  }
  tables.validation_values = std::move(*validation);
  tables.test_values = std::move(*test);
}

TrainingTables ReadTables(const model::TrainingConfig& config,
                          const dataset::OutputLayout& output) {
  TrainingTables tables;
  tables.columns = dataset::ReadFeatureColumns(output.models_dir / dataset::kFeatureColumnsFile);
  tables.files = {output.data_dir / dataset::kProcessedTrainFile,
                  output.data_dir / dataset::kProcessedTestFile};
  dataset::LabelledRows train = dataset::ReadProcessedTable(tables.files[0], tables.columns.names);
  tables.test = dataset::ReadProcessedTable(tables.files[1], tables.columns.names);
  dataset::ValidationSplit split =
      dataset::SplitForValidation(train, config.validation_share, config.seed);
  tables.fit = train.Select(split.fit_rows);
  tables.validation = train.Select(split.validation_rows);
  tables.validation_method = split.method;
  spdlog::info("fitting on {} rows, validating on {} ({}), testing on {}", tables.fit.size(),
               tables.validation.size(), split.method, tables.test.size());
  return tables;
}

// On validation rows; `values`: their own values, or empty.
double ChooseThreshold(const report::ReportConfig& config, std::span<const double> scores,
                       std::span<const std::uint8_t> labels, std::span<const double> values) {
  return config.threshold_rule == report::ThresholdRule::kMaxF1
             ? metrics::MaxF1Threshold(scores, labels, config.campaign, values).threshold
             : metrics::MaxProfitThreshold(scores, labels, config.campaign, values).threshold;
}

// One fitted candidate and its raw (uncalibrated) probabilities.
struct FittedCandidate {
  std::unique_ptr<model::Classifier> classifier;
  std::vector<double> validation_probabilities;
  std::vector<double> test_probabilities;
  report::CandidateFigures figures;
};

// The kind of a candidate named in train.candidates (checked when the config
// was read).
model::ModelKind CandidateKind(std::string_view name) {
  std::optional<model::ModelKind> kind = config::ValueOf(model::kModelKindNames, name);
  if (!kind) {
    throw InternalError(fmt::format("'{}' is not a model candidate", name));
  }
  return *kind;
}

const model::BoostedTreesParams& TreesParams(const model::TrainingConfig& train,
                                             model::ModelKind kind) {
  return kind == model::ModelKind::kXgboostLeafwise ? train.xgboost_leafwise : train.xgboost;
}

std::unique_ptr<model::Classifier> Fit(const std::string& name, const model::TrainingConfig& train,
                                       const TrainingTables& tables, int* rounds) {
  model::ModelKind kind = CandidateKind(name);
  if (!model::IsBoostedTrees(kind)) {
    return model::FitLogisticRegression(train.logreg, tables.fit);
  }
  model::BoostingReport report;
  auto classifier = model::FitBoostedTrees(kind, TreesParams(train, kind), tables.fit,
                                           tables.validation, train.threads, train.seed, &report);
  *rounds = report.best_round;
  return classifier;
}

FittedCandidate FitCandidate(const std::string& name, const TrainingSettings& settings,
                             const TrainingTables& tables) {
  const model::TrainingConfig& config = settings.train;
  FittedCandidate candidate;
  candidate.figures.name = name;
  Clock::time_point start = Clock::now();
  candidate.classifier = Fit(name, config, tables, &candidate.figures.rounds);
  candidate.figures.fit_seconds = SecondsSince(start);
  candidate.validation_probabilities = model::Probabilities(
      candidate.classifier->PredictMargin(tables.validation.features, config.threads));
  candidate.test_probabilities = model::Probabilities(
      candidate.classifier->PredictMargin(tables.test.features, config.threads));
  report::EvaluationOptions options{
      .threshold = ChooseThreshold(settings.report, candidate.validation_probabilities,
                                   tables.validation.churned, tables.validation_values),
      .economics = settings.report.campaign,
      .customer_values = tables.validation_values};
  candidate.figures.validation = report::EvaluateScores(candidate.validation_probabilities,
                                                        tables.validation.churned, options);
  options.customer_values = tables.test_values;
  candidate.figures.test =
      report::EvaluateScores(candidate.test_probabilities, tables.test.churned, options);
  spdlog::info("{}: fitted in {:.1f} s; validation PR-AUC {:.4f}, ROC-AUC {:.4f}", name,
               candidate.figures.fit_seconds, candidate.figures.validation.pr_auc,
               candidate.figures.validation.roc_auc);
  return candidate;
}

// Weighted classes distort probabilities: they are then always recalibrated.
model::Calibration CalibrationFor(const model::TrainingConfig& train, std::string_view chosen) {
  model::ModelKind kind = CandidateKind(chosen);
  bool reweighted = model::IsBoostedTrees(kind) && TreesParams(train, kind).scale_pos_weight != 1.0;
  if (reweighted && train.calibration == model::Calibration::kNone) {
    spdlog::warn(
        "{} weighs churners by scale_pos_weight: calibrating with Platt scaling although "
        "train.calibration is none",
        chosen);
    return model::Calibration::kPlatt;
  }
  return train.calibration;
}

// A baseline's test figures at the threshold its validation scores choose.
report::ModelEvaluation EvaluateBaseline(const TrainingSettings& settings,
                                         const TrainingTables& tables,
                                         std::span<const double> validation,
                                         std::span<const double> test) {
  return report::EvaluateScores(
      test, tables.test.churned,
      {.threshold = ChooseThreshold(settings.report, validation, tables.validation.churned,
                                    tables.validation_values),
       .economics = settings.report.campaign,
       .customer_values = tables.test_values,
       .bootstrap_resamples = settings.report.bootstrap_resamples,
       .seed = settings.train.seed,
       .threads = parallel::ResolveThreads(settings.train.threads),
       .scores_are_probabilities = false});
}

// The snapshot cutoffs the rows come from, each once, in order.
std::vector<std::string> Cutoffs(const dataset::LabelledRows& rows) {
  std::set<std::string> cutoffs(rows.cutoffs.begin(), rows.cutoffs.end());
  return {cutoffs.begin(), cutoffs.end()};
}

nlohmann::json MetricsJson(const TrainingOutcome& outcome, const TrainingTables& tables) {
  nlohmann::json candidates = nlohmann::json::object();
  for (const report::CandidateFigures& candidate : outcome.candidates) {
    candidates[candidate.name] = {{"fit_seconds", candidate.fit_seconds},
                                  {"rounds", candidate.rounds},
                                  {"validation", report::ToJson(candidate.validation)},
                                  {"test", report::ToJson(candidate.test)}};
  }
  return {{"model", outcome.candidates[outcome.chosen].name},
          {"test", report::ToJson(outcome.test)},
          {"baseline_recency", report::ToJson(outcome.baseline)},
          {"baseline_bgnbd", outcome.baseline_bgnbd ? report::ToJson(*outcome.baseline_bgnbd)
                                                    : nlohmann::json(nullptr)},
          {"candidates", candidates},
          {"validation",
           {{"method", outcome.validation_method},
            {"rows", outcome.validation_rows},
            {"brier_score_raw", outcome.validation_brier_raw},
            {"brier_score_calibrated", outcome.validation_brier_calibrated}}},
          {"calibration", outcome.calibration},
          {"fit_rows", outcome.fit_rows},
          {"snapshots",
           {{"fit", Cutoffs(tables.fit)},
            {"validation", Cutoffs(tables.validation)},
            {"test", Cutoffs(tables.test)}}}};
}

// Calibrates the chosen model on validation data and chooses its threshold
// on the calibrated validation probabilities: the test set plays no part.
model::ModelBundle CalibrateChosen(const TrainingSettings& settings, const TrainingTables& tables,
                                   FittedCandidate& chosen, TrainingOutcome& outcome) {
  model::ModelBundle bundle;
  model::Calibration calibration = CalibrationFor(settings.train, chosen.figures.name);
  outcome.calibration = std::string(model::CalibrationName(calibration));
  bundle.calibration = model::ProbabilityCalibration::Fit(
      calibration, chosen.validation_probabilities, tables.validation.churned);
  std::vector<double> validation = bundle.calibration.Apply(chosen.validation_probabilities);
  outcome.validation_brier_raw =
      metrics::BrierScore(chosen.validation_probabilities, tables.validation.churned);
  outcome.validation_brier_calibrated = metrics::BrierScore(validation, tables.validation.churned);
  bundle.threshold = ChooseThreshold(settings.report, validation, tables.validation.churned,
                                     tables.validation_values);
  bundle.features = tables.columns.names;
  bundle.classifier = std::move(chosen.classifier);
  return bundle;
}

// The config of the feature tables the model learned from, as their report
// records it; null when the report is missing or older than that record.
nlohmann::json FeaturesConfigOf(const dataset::OutputLayout& output) {
  std::optional<std::string> text =
      events::ReadWholeFile(output.data_dir / dataset::kFeaturesReportFile);
  if (!text) {
    return nullptr;
  }
  nlohmann::json report = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  return report.is_object() && report.contains("config") ? report["config"] : nlohmann::json();
}

// The training rows' distributions (fitted and validation rows, the period
// the model learned from), which later scorings measure their drift against.
report::DriftReference TrainingDriftReference(const TrainingTables& tables,
                                              const model::ModelBundle& bundle, int threads) {
  std::vector<double> probabilities = bundle.Probabilities(tables.fit.features, threads);
  std::vector<double> validation = bundle.Probabilities(tables.validation.features, threads);
  probabilities.insert(probabilities.end(), validation.begin(), validation.end());
  std::array<const dataset::FeatureMatrix*, 2> matrices = {&tables.fit.features,
                                                           &tables.validation.features};
  return report::FitDriftReference(matrices, probabilities);
}

void WriteArtifacts(const TrainingSettings& settings, const dataset::OutputLayout& output,
                    std::string_view version, const TrainingTables& tables,
                    const model::ModelBundle& bundle, std::span<const double> test,
                    const TrainingOutcome& outcome) {
  const std::filesystem::path& models = output.models_dir;
  nlohmann::json provenance =
      TrainingProvenance(settings.train, settings.report, tables.files, version);
  provenance["validation"] = {{"method", outcome.validation_method}};
  // "features" is the manifest's list of columns; the config behind them has its own key.
  if (nlohmann::json features = FeaturesConfigOf(output); !features.is_null()) {
    provenance["features_config"] = features;
  }
  model::SaveModelBundle(models, bundle, provenance);
  report::WriteJsonFile(models / report::kMetricsFile, MetricsJson(outcome, tables));
  report::WriteJsonFile(models / report::kCurvesFile,
                        report::CurvesJson(test, tables.test.churned, bundle.threshold,
                                           report::RecencyScores(tables.test.features),
                                           settings.report.campaign, tables.test_values));
  report::WriteCandidatesReport(models / report::kCandidatesReportFile, outcome.candidates,
                                outcome.chosen);
  report::WriteFeatureImportances(models / report::kFeatureImportancesFile,
                                  bundle.classifier->Importances());
  report::WriteTestPredictions(models / report::kTestPredictionsFile, tables.test, test,
                               bundle.threshold);
  report::WriteJsonFile(
      models / report::kDriftReferenceFile,
      report::DriftReferenceJson(TrainingDriftReference(tables, bundle, settings.train.threads)));
}

}  // namespace

TrainingOutcome RunTraining(const TrainingSettings& settings, const dataset::OutputLayout& output,
                            std::string_view version) {
  Clock::time_point start = Clock::now();
  const model::TrainingConfig& config = settings.train;
  TrainingTables tables = ReadTables(config, output);
  AttachCustomerValues(settings, tables);
  TrainingOutcome outcome;
  outcome.validation_method = tables.validation_method;
  outcome.fit_rows = static_cast<std::int64_t>(tables.fit.size());
  outcome.validation_rows = static_cast<std::int64_t>(tables.validation.size());
  std::vector<FittedCandidate> fitted;
  for (const std::string& name : config.candidates) {
    fitted.push_back(FitCandidate(name, settings, tables));
    outcome.candidates.push_back(fitted.back().figures);
  }
  outcome.chosen = report::ChooseCandidate(outcome.candidates, settings.report.selection_metric);
  FittedCandidate& chosen = fitted[outcome.chosen];
  model::ModelBundle bundle = CalibrateChosen(settings, tables, chosen, outcome);
  // The chosen model's test predictions through the one scoring path that
  // explain, predict and the server take.
  std::vector<double> test = bundle.Probabilities(tables.test.features, config.threads);
  outcome.test = report::EvaluateScores(test, tables.test.churned,
                                        {.threshold = bundle.threshold,
                                         .economics = settings.report.campaign,
                                         .customer_values = tables.test_values,
                                         .bootstrap_resamples = settings.report.bootstrap_resamples,
                                         .seed = config.seed,
                                         .threads = parallel::ResolveThreads(config.threads)});
  outcome.baseline =
      EvaluateBaseline(settings, tables, report::RecencyScores(tables.validation.features),
                       report::RecencyScores(tables.test.features));
  std::optional<std::vector<double>> bgnbd_validation =
      report::BgNbdScores(tables.validation, tables.columns);
  std::optional<std::vector<double>> bgnbd_test = report::BgNbdScores(tables.test, tables.columns);
  if (bgnbd_validation && bgnbd_test) {
    outcome.baseline_bgnbd = EvaluateBaseline(settings, tables, *bgnbd_validation, *bgnbd_test);
  } else {
    spdlog::info("no BG/NBD baseline: a snapshot had too few repeat buyers for a value model");
  }
  WriteArtifacts(settings, output, version, tables, bundle, test, outcome);
  outcome.seconds = SecondsSince(start);
  return outcome;
}

}  // namespace churn::training

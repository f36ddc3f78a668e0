#include "app/train_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "app/display_path.h"
#include "app/training_provenance.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "dataset/validation_split.h"
#include "metrics/probability_metrics.h"
#include "metrics/threshold_choice.h"
#include "model/boosted_trees.h"
#include "model/logistic_regression.h"
#include "model/model_bundle.h"
#include "parallel/parallel_for.h"
#include "report/curve_report.h"
#include "report/recency_baseline.h"
#include "report/training_files.h"

namespace churn::app {
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
};

TrainingTables ReadTables(const AppConfig& config) {
  TrainingTables tables;
  tables.columns = dataset::ReadFeatureColumns(config.output.models_dir / "feature_columns.json");
  tables.files = {config.output.data_dir / "processed_train.csv",
                  config.output.data_dir / "processed_test.csv"};
  dataset::LabelledRows train = dataset::ReadProcessedTable(tables.files[0], tables.columns.names);
  tables.test = dataset::ReadProcessedTable(tables.files[1], tables.columns.names);
  dataset::ValidationSplit split =
      dataset::SplitForValidation(train, config.train.validation_share, config.train.seed);
  tables.fit = train.Select(split.fit_rows);
  tables.validation = train.Select(split.validation_rows);
  tables.validation_method = split.method;
  spdlog::info("fitting on {} rows, validating on {} ({}), testing on {}", tables.fit.size(),
               tables.validation.size(), split.method, tables.test.size());
  return tables;
}

metrics::CampaignEconomics Economics(const report::ReportConfig& config) {
  return config.campaign;
}

double ChooseThreshold(const report::ReportConfig& config, std::span<const double> scores,
                       std::span<const std::uint8_t> labels) {
  return config.threshold_rule == report::ThresholdRule::kMaxF1
             ? metrics::MaxF1Threshold(scores, labels, Economics(config)).threshold
             : metrics::MaxProfitThreshold(scores, labels, Economics(config)).threshold;
}

// One fitted candidate and its raw (uncalibrated) probabilities.
struct FittedCandidate {
  std::unique_ptr<model::Classifier> classifier;
  std::vector<double> validation_probabilities;
  std::vector<double> test_probabilities;
  report::CandidateFigures figures;
};

std::unique_ptr<model::Classifier> Fit(const std::string& name, const AppConfig& config,
                                       const TrainingTables& tables, int* rounds) {
  const model::TrainingConfig& train = config.train;
  if (name == "logreg") {
    return model::FitLogisticRegression(train.logreg, tables.fit);
  }
  const model::BoostedTreesParams& params =
      name == "xgboost_leafwise" ? train.xgboost_leafwise : train.xgboost;
  model::BoostingReport report;
  auto classifier = model::FitBoostedTrees(name, params, tables.fit, tables.validation,
                                           train.threads, train.seed, &report);
  *rounds = report.best_round;
  return classifier;
}

FittedCandidate FitCandidate(const std::string& name, const AppConfig& config,
                             const TrainingTables& tables) {
  FittedCandidate candidate;
  candidate.figures.name = name;
  Clock::time_point start = Clock::now();
  candidate.classifier = Fit(name, config, tables, &candidate.figures.rounds);
  candidate.figures.fit_seconds = SecondsSince(start);
  candidate.validation_probabilities =
      model::Probabilities(candidate.classifier->PredictMargin(tables.validation.features));
  candidate.test_probabilities =
      model::Probabilities(candidate.classifier->PredictMargin(tables.test.features));
  report::EvaluationOptions options{
      .threshold = ChooseThreshold(config.report, candidate.validation_probabilities,
                                   tables.validation.churned),
      .economics = Economics(config.report)};
  candidate.figures.validation = report::EvaluateScores(candidate.validation_probabilities,
                                                        tables.validation.churned, options);
  candidate.figures.test =
      report::EvaluateScores(candidate.test_probabilities, tables.test.churned, options);
  spdlog::info("{}: fitted in {:.1f} s; validation PR-AUC {:.4f}, ROC-AUC {:.4f}", name,
               candidate.figures.fit_seconds, candidate.figures.validation.pr_auc,
               candidate.figures.validation.roc_auc);
  return candidate;
}

// Weighted classes distort probabilities: they are then always recalibrated.
model::Calibration CalibrationFor(const AppConfig& config, std::string_view chosen) {
  const model::TrainingConfig& train = config.train;
  bool reweighted =
      (chosen == "xgboost" && train.xgboost.scale_pos_weight != 1.0) ||
      (chosen == "xgboost_leafwise" && train.xgboost_leafwise.scale_pos_weight != 1.0);
  if (reweighted && train.calibration == model::Calibration::kNone) {
    spdlog::warn(
        "{} weighs churners by scale_pos_weight: calibrating with Platt scaling although "
        "train.calibration is none",
        chosen);
    return model::Calibration::kPlatt;
  }
  return train.calibration;
}

int Threads(const AppConfig& config) {
  return parallel::ResolveThreads(config.train.threads);
}

report::ModelEvaluation EvaluateBaseline(const AppConfig& config, const TrainingTables& tables) {
  std::vector<double> validation = report::RecencyScores(tables.validation.features);
  std::vector<double> test = report::RecencyScores(tables.test.features);
  return report::EvaluateScores(
      test, tables.test.churned,
      {.threshold = ChooseThreshold(config.report, validation, tables.validation.churned),
       .economics = Economics(config.report),
       .bootstrap_resamples = config.report.bootstrap_resamples,
       .seed = config.train.seed,
       .threads = Threads(config),
       .scores_are_probabilities = false});
}

// The snapshot cutoffs the rows come from, each once, in order.
std::vector<std::string> Cutoffs(const dataset::LabelledRows& rows) {
  std::set<std::string> cutoffs(rows.cutoffs.begin(), rows.cutoffs.end());
  return {cutoffs.begin(), cutoffs.end()};
}

nlohmann::json MetricsJson(const TrainOutcome& outcome, const TrainingTables& tables) {
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
model::ModelBundle CalibrateChosen(const AppConfig& config, const TrainingTables& tables,
                                   FittedCandidate& chosen, TrainOutcome& outcome) {
  model::ModelBundle bundle;
  model::Calibration calibration = CalibrationFor(config, chosen.figures.name);
  outcome.calibration = std::string(model::CalibrationName(calibration));
  bundle.calibration = model::ProbabilityCalibration::Fit(
      calibration, chosen.validation_probabilities, tables.validation.churned);
  std::vector<double> validation = bundle.calibration.Apply(chosen.validation_probabilities);
  outcome.validation_brier_raw =
      metrics::BrierScore(chosen.validation_probabilities, tables.validation.churned);
  outcome.validation_brier_calibrated = metrics::BrierScore(validation, tables.validation.churned);
  bundle.threshold = ChooseThreshold(config.report, validation, tables.validation.churned);
  bundle.features = tables.columns.names;
  bundle.classifier = std::move(chosen.classifier);
  return bundle;
}

void WriteArtifacts(const AppConfig& config, const TrainingTables& tables,
                    const model::ModelBundle& bundle, std::span<const double> test,
                    const TrainOutcome& outcome) {
  const std::filesystem::path& models = config.output.models_dir;
  nlohmann::json provenance = TrainingProvenance(config.train, config.report, tables.files);
  provenance["validation"] = {{"method", outcome.validation_method}};
  model::SaveModelBundle(models, bundle, provenance);
  report::WriteJsonFile(models / "metrics.json", MetricsJson(outcome, tables));
  report::WriteJsonFile(
      models / "curves.json",
      report::CurvesJson(test, tables.test.churned, bundle.threshold,
                         report::RecencyScores(tables.test.features), Economics(config.report)));
  report::WriteCandidatesReport(models / "candidates_report.csv", outcome.candidates,
                                outcome.chosen);
  report::WriteFeatureImportances(models / "feature_importances.csv",
                                  bundle.classifier->Importances());
  report::WriteTestPredictions(models / "test_predictions.csv", tables.test, test,
                               bundle.threshold);
}

}  // namespace

TrainOutcome BuildModel(const AppConfig& config) {
  Clock::time_point start = Clock::now();
  TrainingTables tables = ReadTables(config);
  TrainOutcome outcome;
  outcome.validation_method = tables.validation_method;
  outcome.fit_rows = static_cast<std::int64_t>(tables.fit.size());
  outcome.validation_rows = static_cast<std::int64_t>(tables.validation.size());
  std::vector<FittedCandidate> fitted;
  for (const std::string& name : config.train.candidates) {
    fitted.push_back(FitCandidate(name, config, tables));
    outcome.candidates.push_back(fitted.back().figures);
  }
  outcome.chosen = report::ChooseCandidate(outcome.candidates, config.report.selection_metric);
  FittedCandidate& chosen = fitted[outcome.chosen];
  model::ModelBundle bundle = CalibrateChosen(config, tables, chosen, outcome);
  std::vector<double> test = bundle.calibration.Apply(chosen.test_probabilities);
  outcome.test = report::EvaluateScores(test, tables.test.churned,
                                        {.threshold = bundle.threshold,
                                         .economics = Economics(config.report),
                                         .bootstrap_resamples = config.report.bootstrap_resamples,
                                         .seed = config.train.seed,
                                         .threads = Threads(config)});
  outcome.baseline = EvaluateBaseline(config, tables);
  WriteArtifacts(config, tables, bundle, test, outcome);
  outcome.seconds = SecondsSince(start);
  return outcome;
}

void PrintTrainSummary(const AppConfig& config, const TrainOutcome& outcome) {
  fmt::print("Trained {} candidates in {:.1f} s (validation: {}, {} rows)\n",
             outcome.candidates.size(), outcome.seconds, outcome.validation_method,
             outcome.validation_rows);
  fmt::print("  {:<18} {:>9} {:>9} {:>9} {:>9} {:>8}\n", "candidate", "val PR", "val ROC",
             "test PR", "test ROC", "fit s");
  for (std::size_t idx = 0; idx < outcome.candidates.size(); ++idx) {
    const report::CandidateFigures& candidate = outcome.candidates[idx];
    fmt::print("  {:<18} {:>9.4f} {:>9.4f} {:>9.4f} {:>9.4f} {:>8.1f}{}\n", candidate.name,
               candidate.validation.pr_auc, candidate.validation.roc_auc, candidate.test.pr_auc,
               candidate.test.roc_auc, candidate.fit_seconds,
               idx == outcome.chosen
                   ? "  <- chosen on validation " +
                         std::string(config::NameOf(report::kSelectionMetricNames,
                                                    config.report.selection_metric))
                   : "");
  }
  const report::ModelEvaluation& test = outcome.test;
  fmt::print("Test set ({} users, churn rate {:.1f}%), {} calibration, threshold {:.3f}:\n",
             test.rows, 100.0 * test.prevalence, outcome.calibration, test.threshold);
  fmt::print(
      "  model              ROC-AUC {:.4f}  PR-AUC {:.4f}  F1 {:.4f}  precision {:.4f}  "
      "recall {:.4f}\n",
      test.roc_auc, test.pr_auc, test.confusion.F1(), test.confusion.Precision(),
      test.confusion.Recall());
  fmt::print("  recency baseline   ROC-AUC {:.4f}  PR-AUC {:.4f}\n", outcome.baseline.roc_auc,
             outcome.baseline.pr_auc);
  fmt::print("wrote the model and its reports to {}\n", DisplayPath(config.output.models_dir));
}

ExitCode RunTrain(const AppConfig& config) {
  TrainOutcome outcome = BuildModel(config);
  PrintTrainSummary(config, outcome);
  return ExitCode::kOk;
}

}  // namespace churn::app

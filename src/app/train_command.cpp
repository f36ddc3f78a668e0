#include "app/train_command.h"

#include <fmt/format.h>

#include "app/progress_line.h"
#include "app/version.h"
#include "config/enum_names.h"
#include "events/counted_noun.h"
#include "events/display_path.h"

namespace churn::app {
namespace {

// The figure that chose the winner, as the table's columns name it.
std::string_view SelectionFigure(report::SelectionMetric metric) {
  switch (metric) {
    case report::SelectionMetric::kPrAuc:
      return "PR-AUC";
    case report::SelectionMetric::kRocAuc:
      return "ROC-AUC";
    case report::SelectionMetric::kLogLoss:
      return "log-loss";
    case report::SelectionMetric::kF1:
      return "F1";
  }
  return config::NameOf(report::kSelectionMetricNames, metric);
}

// Which rows validate, in words ("latest_snapshot" in the reports).
std::string ValidationRows(const training::TrainingOutcome& outcome) {
  std::string rows = events::CountedNoun(outcome.validation_rows, "row");
  if (outcome.validation_method == "latest_snapshot") {
    return rows + " of the latest training snapshot";
  }
  if (outcome.validation_method == "stratified_users") {
    return rows + " held out of the training users (stratified by churn)";
  }
  return fmt::format("{} ({})", rows, outcome.validation_method);
}

// "none", "platt", "isotonic" in the reports.
std::string CalibrationWords(const std::string& calibration) {
  if (calibration == "platt") {
    return "calibrated by Platt scaling";
  }
  if (calibration == "isotonic") {
    return "calibrated by isotonic regression";
  }
  return calibration == "none" ? "not calibrated" : "calibrated: " + calibration;
}

}  // namespace

void PrintTrainSummary(const config_file::AppConfig& config,
                       const training::TrainingOutcome& outcome) {
  fmt::print("Trained {} in {:.1f} s, validated on {}\n",
             events::CountedNoun(static_cast<std::int64_t>(outcome.candidates.size()), "candidate"),
             outcome.seconds, ValidationRows(outcome));
  fmt::print("  {:<18} {:>9} {:>9} {:>9} {:>9} {:>8}\n", "candidate", "val PR", "val ROC",
             "test PR", "test ROC", "fit s");
  for (std::size_t idx = 0; idx < outcome.candidates.size(); ++idx) {
    const report::CandidateFigures& candidate = outcome.candidates[idx];
    fmt::print("  {:<18} {:>9.4f} {:>9.4f} {:>9.4f} {:>9.4f} {:>8.1f}{}\n", candidate.name,
               candidate.validation.pr_auc, candidate.validation.roc_auc, candidate.test.pr_auc,
               candidate.test.roc_auc, candidate.fit_seconds,
               idx == outcome.chosen ? fmt::format("  <- chosen on validation {}",
                                                   SelectionFigure(config.report.selection_metric))
                                     : "");
  }
  const report::ModelEvaluation& test = outcome.test;
  fmt::print("Test set: {}, {:.1f}% of whom churned; probabilities {}, flagged from {:.3f}:\n",
             events::CountedNoun(static_cast<std::int64_t>(test.rows), "user"),
             100.0 * test.prevalence, CalibrationWords(outcome.calibration), test.threshold);
  fmt::print(
      "  model              ROC-AUC {:.4f}  PR-AUC {:.4f}  F1 {:.4f}  precision {:.4f}  "
      "recall {:.4f}\n",
      test.roc_auc, test.pr_auc, test.confusion.F1(), test.confusion.Precision(),
      test.confusion.Recall());
  fmt::print("  recency baseline   ROC-AUC {:.4f}  PR-AUC {:.4f}\n", outcome.baseline.roc_auc,
             outcome.baseline.pr_auc);
  if (outcome.baseline_bgnbd) {
    fmt::print("  BG/NBD baseline    ROC-AUC {:.4f}  PR-AUC {:.4f}\n",
               outcome.baseline_bgnbd->roc_auc, outcome.baseline_bgnbd->pr_auc);
  }
  fmt::print("The model {}\n", outcome.recency_lead.Verdict());
  if (outcome.bgnbd_lead) {
    fmt::print("The model {}\n", outcome.bgnbd_lead->Verdict());
  }
  if (outcome.refitted) {
    fmt::print("{} fitted again on all {} training rows after the choice (train.refit)\n",
               outcome.candidates[outcome.chosen].name, outcome.fit_rows + outcome.validation_rows);
  }
  fmt::print("wrote the model and its reports to {}\n",
             events::DisplayPath(config.output.models_dir));
}

training::TrainingOutcome TrainWithConfig(const config_file::AppConfig& config, bool quiet,
                                          const collective::WorkerGroup& group) {
  ProgressLine progress("train", quiet);
  return training::RunTraining({config.train, config.report}, config.output, kVersion,
                               progress.Steps(), group);
}

ExitCode RunTrain(const config_file::AppConfig& config, bool quiet,
                  const collective::WorkerGroup& group) {
  training::TrainingOutcome outcome = TrainWithConfig(config, quiet, group);
  if (group.coordinator()) {
    PrintTrainSummary(config, outcome);
  }
  return ExitCode::kOk;
}

}  // namespace churn::app

#pragma once
// `churn-radar train`: fits every configured candidate on the training
// snapshots, picks one on validation data, calibrates it, chooses its
// threshold on validation data, and reports it on the out-of-time test set
// beside the recency-only baseline. Writes the model bundle and reports into
// the models directory.

#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/exit_code.h"
#include "report/candidate_selection.h"
#include "report/model_evaluation.h"

namespace churn::app {

struct TrainOutcome {
  std::vector<report::CandidateFigures> candidates;
  std::size_t chosen = 0;
  std::string validation_method;  // "latest_snapshot" or "stratified_users"
  std::string calibration;        // "none", "platt" or "isotonic"
  double validation_brier_raw = 0;
  double validation_brier_calibrated = 0;
  report::ModelEvaluation test;      // the chosen model, calibrated, at its threshold
  report::ModelEvaluation baseline;  // recency only, at its own validation threshold
  std::int64_t fit_rows = 0;
  std::int64_t validation_rows = 0;
  double seconds = 0;
};

// Trains and writes every artifact; prints nothing on stdout.
TrainOutcome BuildModel(const AppConfig& config);

// The subcommand: BuildModel, then a human summary on stdout.
ExitCode RunTrain(const AppConfig& config);

// The summary RunTrain prints, for `run` too.
void PrintTrainSummary(const AppConfig& config, const TrainOutcome& outcome);

}  // namespace churn::app

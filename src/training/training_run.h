#pragma once
// The training run, `churn-radar train`: reads the tables the feature tables
// pipeline wrote, fits every configured candidate on the training snapshots,
// picks one on validation data, calibrates it, chooses its threshold on
// validation data, and reports it on the out-of-time test set beside the
// recency-only baseline. Writes the model bundle (model.json, manifest.json
// with the training config, the features config it was trained on and the
// inputs' fingerprints) and the reports of report/report_files.h into the
// models directory. Prints nothing on stdout; notes go to spdlog.
//
//   TrainingOutcome outcome = RunTraining({config.train, config.report}, output, kVersion);
//   outcome.candidates[outcome.chosen].name  // "xgboost"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/output_layout.h"
#include "model/training_config.h"
#include "progress/progress_reporter.h"
#include "report/baseline_lead.h"
#include "report/candidate_selection.h"
#include "report/model_evaluation.h"
#include "report/report_config.h"
#include "training/training_rows.h"

namespace churn::training {

struct TrainingOutcome {
  std::vector<report::CandidateFigures> candidates;
  std::size_t chosen = 0;
  std::string validation_method;  // "latest_snapshot" or "stratified_users"
  std::string calibration;        // "none", "platt" or "isotonic"
  double validation_brier_raw = 0;
  double validation_brier_calibrated = 0;
  report::ModelEvaluation test;      // the chosen model, calibrated, at its threshold
  report::ModelEvaluation baseline;  // recency only, at its own validation threshold
  // 1 - P(alive) of BG/NBD, at its own validation threshold; none when a
  // snapshot had too few repeat buyers for a value model.
  std::optional<report::ModelEvaluation> baseline_bgnbd;
  // The model's lead over each baseline on the test rows.
  report::BaselineLead recency_lead;
  std::optional<report::BaselineLead> bgnbd_lead;
  bool refitted = false;  // the chosen candidate fitted again on every training row
  std::int64_t fit_rows = 0;
  std::int64_t validation_rows = 0;
  double seconds = 0;
};

// `version`: churn-radar's, for the manifest; `progress` is told how the
// fits go (TrainModel) and when the test rows are evaluated. Throws
// InputError when a table is missing or malformed, ModelError when fitting
// fails, IoError when an artifact cannot be written.
// With a distributed `group`, each worker reads its shard of the tables
// (dataset/worker_shards.h) and the candidates fit through the collective;
// the scores every figure needs are gathered, so the choice, calibration,
// threshold and test figures are those one process computes from the same
// scores; the coordinator writes the artifacts. ConfigError for a search
// of settings (train.search_seconds) on several workers.
TrainingOutcome RunTraining(const TrainingSettings& settings, const dataset::OutputLayout& output,
                            std::string_view version, const progress::Reporter& progress = {},
                            const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::training

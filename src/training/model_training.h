#pragma once
// One model trained and chosen the honest way, on training rows only: every
// candidate fitted on the fit rows, the winner chosen on the later
// validation rows (report::ChooseCandidate), calibrated and given its
// threshold on them, and, with train.refit, fitted again on every training
// row with the settings and rounds the validation chose (the calibration and
// threshold chosen on the first fit's validation scores carry over). The
// test rows are scored for the reports, never consulted. `train` calls it
// once; the backtest once per test cutoff.
//
//   TrainedModel trained = TrainModel(settings, SplitTrainingRows(settings, train, test, columns));
//   trained.bundle.Probabilities(rows.test.features, threads);

#include <string>
#include <vector>

#include "model/model_bundle.h"
#include "progress/progress_reporter.h"
#include "report/candidate_selection.h"
#include "training/training_rows.h"

namespace churn::training {

struct TrainedModel {
  model::ModelBundle bundle;  // classifier, calibration, threshold, features
  std::vector<report::CandidateFigures> candidates;
  std::size_t chosen = 0;
  std::string calibration;  // "none", "platt" or "isotonic"
  double validation_brier_raw = 0;
  double validation_brier_calibrated = 0;
  bool refitted = false;  // fitted again on every training row
};

// Tells `progress` each fit's steps, within "<candidate> (candidate k of n)"
// and "<winner> fitted again on every training row". Throws ModelError when
// fitting fails, InputError when the rows cannot be fitted (a single class).
TrainedModel TrainModel(const TrainingSettings& settings, const TrainingRows& rows,
                        const progress::Reporter& progress = {});

// ConfigError when the search of the boosted trees' settings
// (train.search_seconds) is asked of several workers: it runs in one process
// only for now.
void RefuseSearchOnWorkers(const TrainingSettings& settings, const collective::WorkerGroup& group);

}  // namespace churn::training

#pragma once
// The rolling backtest, `churn-radar backtest` (and the end of `run` unless
// train.backtest is false): each labelled snapshot in turn is the test, and
// a model is trained for it exactly as `train` trains one (every candidate,
// the choice, calibration and threshold on validation, the refit) but only
// on the snapshots whose labels were known by its cutoff. Each test cutoff
// reports its figures with their intervals, the baselines and the model's
// lead over them; the summary their mean and spread; the decay, how each
// fold's model does on the later cutoffs. Writes models/backtest.json
// (report::kBacktestFile) and nothing else; prints nothing.
//
//   BacktestOutcome outcome = RunBacktest({config.train, config.report}, config.output);

#include <optional>
#include <string>
#include <vector>

#include "dataset/output_layout.h"
#include "progress/progress_reporter.h"
#include "report/baseline_lead.h"
#include "report/candidate_selection.h"
#include "report/model_evaluation.h"
#include "training/training_rows.h"

namespace churn::training {

// A fold's model on one cutoff at or after its own test cutoff.
struct DecayPoint {
  std::string cutoff;
  int days_after = 0;  // since the fold's test cutoff
  double roc_auc = 0;
  double pr_auc = 0;
};

struct BacktestFold {
  std::string test_cutoff;
  std::vector<std::string> fit_cutoffs;
  std::vector<std::string> validation_cutoffs;
  std::string validation_method;
  std::vector<report::CandidateFigures> candidates;
  std::size_t chosen = 0;
  report::ModelEvaluation test;
  report::ModelEvaluation recency;
  std::optional<report::ModelEvaluation> bgnbd;
  report::BaselineLead recency_lead;
  std::optional<report::BaselineLead> bgnbd_lead;
  std::vector<DecayPoint> decay;  // its own cutoff first
  double seconds = 0;
};

struct SkippedFold {
  std::string test_cutoff;
  std::string reason;
};

struct BacktestOutcome {
  std::vector<BacktestFold> folds;  // by test cutoff
  std::vector<SkippedFold> skipped;
  double seconds = 0;
};

// Throws InputError when the tables are missing or malformed, or hold no
// snapshot that can be tested (a single snapshot: nothing earlier to train
// on); a fold that cannot be trained (a class missing) is skipped with its
// reason. IoError when backtest.json cannot be written. `progress` is told
// each fold's fits, within "cutoff <date> (k of n)". With a distributed
// `group`, each worker reads its shard of the tables (as `train` does) and
// the coordinator writes backtest.json.
BacktestOutcome RunBacktest(const TrainingSettings& settings, const dataset::OutputLayout& output,
                            const progress::Reporter& progress = {},
                            const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::training

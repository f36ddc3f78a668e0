#pragma once
// A time-budgeted random search of a boosted-trees candidate's settings,
// judged on the validation log-loss at the best round (the round early
// stopping keeps). Trial 0 is always the given settings, so the search is
// never worse on validation than no search; the later trials are drawn from
// a SplitMix64 stream of the seed, so a seed gives the same sequence of
// trials on every machine, and the time only decides how much of it runs:
//
//   TreeSearchOutcome searched = SearchBoostedTrees(
//       ModelKind::kXgboostLeafwise, config.xgboost_leafwise, tables.fit, tables.validation,
//       {.seconds = 20, .max_trials = 0}, config.threads, config.seed, monotone);
//   // searched.best_classifier is fitted with searched.best: no refit needed.
//
// The space (DrawTreeParams), each value rounded to 3 significant digits:
//   learning_rate     log-uniform in [0.02, 0.3]
//   max_depth         3 to 10, uniform (depth-wise; max_leaves 0)
//   max_leaves        8 to 255, log-uniform (leaf-wise; max_depth 0)
//   min_child_weight  log-uniform in [0.5, 100]
//   subsample         uniform in [0.5, 1]
//   colsample_bytree  uniform in [0.4, 1]
//   reg_lambda        log-uniform in [0.1, 100]
// rounds, early_stopping_rounds and scale_pos_weight stay the base's: a low
// learning rate is then judged on the rounds the base allows.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/boosted_trees.h"
#include "model/classifier.h"
#include "model/model_kind.h"
#include "model/training_config.h"
#include "progress/progress_reporter.h"
#include "random/split_mix64.h"

namespace churn::model {

struct TreeSearchBudget {
  // Wall time for the whole search. A later trial starts only when the
  // trials so far say it will likely end in time, and is cut (keeping its
  // best round) when the time is up; trial 0 always runs whole.
  double seconds = 0;
  // Trials at most, trial 0 included; 0: as many as the time allows.
  int max_trials = 0;
};

struct TreeSearchTrial {
  BoostedTreesParams params;
  double validation_log_loss = 0;  // at the best round
  int rounds = 0;                  // the best round: the trees the model keeps
  double seconds = 0;              // the trial's fit, wall time
  bool stopped_by_time = false;    // cut when the search's time was up
};

struct TreeSearchOutcome {
  BoostedTreesParams best;
  std::size_t best_trial = 0;  // index into trials; the earliest of equal losses
  std::vector<TreeSearchTrial> trials;
  std::string stop_reason;  // why no further trial ran, in words
  // The best trial's model and its report, as fitted: the same as
  // FitBoostedTrees with `best` and the search's rows, threads, seed and
  // constraints.
  std::unique_ptr<Classifier> best_classifier;
  BoostingReport best_report;
};

// Runs trials until budget.max_trials or the time says stop. Every trial is
// a FitBoostedTrees call with the same rows, threads, seed and `monotone`
// (options.monotone; empty: none), each reporting its rounds to `progress`
// within "search trial N". InternalError when `kind` is not boosted
// trees; whatever FitBoostedTrees throws.
TreeSearchOutcome SearchBoostedTrees(ModelKind kind, const BoostedTreesParams& base,
                                     const dataset::LabelledRows& fit,
                                     const dataset::LabelledRows& validation,
                                     const TreeSearchBudget& budget, int threads,
                                     std::uint64_t seed, std::span<const int> monotone,
                                     const progress::Reporter& progress = {});

// The settings of one later trial: `base` with the searched settings drawn
// from `stream` (six draws), for a depth-wise or leaf-wise candidate.
BoostedTreesParams DrawTreeParams(ModelKind kind, const BoostedTreesParams& base,
                                  random::SplitMix64& stream);

}  // namespace churn::model

#pragma once
// Gradient-boosted trees, trained through XGBoost's C API (`hist`): the
// depth-wise candidate `xgboost` and the leaf-wise one `xgboost_leafwise`
// (grow_policy lossguide with max_leaves, the growth LightGBM is known for).
// Every XGBoost call is checked; a failure throws ModelError carrying
// XGBoost's own message. XGBoost only trains: the classifier, fitted or
// loaded, scores with the project's own TreeEnsemble read from XGBoost's
// JSON model, and computes XGBoost's feature importances from those trees.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "model/training_config.h"
#include "progress/progress_reporter.h"

namespace churn::model {

struct BoostingReport {
  int rounds_run = 0;
  int best_round = 0;  // rounds kept: the model is cut to its best validation round
  double best_validation_log_loss = 0;
  // XGBoost's record of the settings it trained with
  // (XGBoosterSaveJsonConfig), which the saved model leaves out: it shows
  // what XGBoost understood, e.g. grow_policy lossguide for xgboost_leafwise.
  std::string xgboost_config;
  // Boosting ended at BoostingOptions::max_seconds, not at its rounds or by
  // early stopping.
  bool stopped_by_time = false;
};

// What shapes a fit besides its settings.
struct BoostingOptions {
  // Per column, in the rows' order: +1 the margin may only rise with the
  // column, -1 only fall, 0 free; e.g. features::ChurnDirections of the
  // columns. Empty (or all 0): no constraint. XGBoost's monotone_constraints,
  // which `hist` honours for depth-wise and leaf-wise growth alike.
  std::span<const int> monotone;
  // Boosting stops once this many seconds have passed since the fit began,
  // keeping its best round so far (0: no limit). A search caps a trial by
  // what is left of its time with it.
  double max_seconds = 0;
  // Told after every round: "boosting", round r of params.rounds (early
  // stopping may end it sooner).
  progress::Reporter progress{};
  // The workers that fit one model together, each on its own rows, through
  // XGBoost's collective: its histograms and the validation log-loss are
  // over every worker's rows, and the coordinator's clock decides a
  // max_seconds stop for all of them, so that they boost the same rounds.
  collective::WorkerGroup group = collective::WorkerGroup::Solo();
};

// Fits on `train`, stopping early when the validation log-loss has not
// improved for params.early_stopping_rounds rounds (0: never stop early, keep
// every round), and keeps the best round. `threads` is XGBoost's nthread (0:
// every core); `seed` makes subsampling reproducible. `report` may be null.
// InternalError when `kind` is not boosted trees, or when options.monotone
// is neither empty nor one -1, 0 or +1 per column.
std::unique_ptr<Classifier> FitBoostedTrees(ModelKind kind, const BoostedTreesParams& params,
                                            const dataset::LabelledRows& train,
                                            const dataset::LabelledRows& validation, int threads,
                                            std::uint64_t seed, BoostingReport* report,
                                            const BoostingOptions& options = {});

// XGBoost's monotone_constraints for `monotone`, "(1,0,-1)"; InternalError
// for a value other than -1, 0 or +1.
std::string MonotoneConstraintsParam(std::span<const int> monotone);

// A model saved by ToJson (XGBoost's JSON format), for the given features,
// read without XGBoost. InputError when the JSON is not a binary:logistic
// gbtree model of those features (see TreeEnsemble::FromXgboostJson);
// InternalError when `kind` is not boosted trees.
std::unique_ptr<Classifier> LoadBoostedTrees(ModelKind kind, std::string json,
                                             const std::vector<std::string>& feature_names);

// XGBoost's version, "1.7.4".
std::string XgboostVersion();

}  // namespace churn::model

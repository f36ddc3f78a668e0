#pragma once
// Gradient-boosted trees through XGBoost's C API (`hist`): the depth-wise
// candidate `xgboost` and the leaf-wise one `xgboost_leafwise` (grow_policy
// lossguide with max_leaves, the growth LightGBM is known for). Every
// XGBoost call is checked; a failure throws ModelError carrying XGBoost's
// own message.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "model/training_config.h"

namespace churn::model {

struct BoostingReport {
  int rounds_run = 0;
  int best_round = 0;  // rounds kept: the model is cut to its best validation round
  double best_validation_log_loss = 0;
};

// Fits on `train`, stopping early when the validation log-loss has not
// improved for params.early_stopping_rounds rounds (0: never stop early, keep
// every round), and keeps the best round. `threads` is XGBoost's nthread (0:
// every core); `seed` makes subsampling reproducible. `report` may be null.
std::unique_ptr<Classifier> FitBoostedTrees(std::string_view kind, const BoostedTreesParams& params,
                                            const dataset::LabelledRows& train,
                                            const dataset::LabelledRows& validation, int threads,
                                            std::uint64_t seed, BoostingReport* report);

// A model saved by ToJson (XGBoost's JSON format), for the given features.
std::unique_ptr<Classifier> LoadBoostedTrees(std::string_view kind, const std::string& json,
                                             const std::vector<std::string>& feature_names,
                                             int threads);

// XGBoost's own record of the settings a boosted-trees model trains and
// predicts with (XGBoosterSaveJsonConfig), for reports and tests: it shows
// what XGBoost understood, e.g. grow_policy lossguide for xgboost_leafwise.
// The saved model (ToJson) leaves these out. InternalError when `model` is
// not boosted trees.
std::string XgboostConfigJson(const Classifier& model);

// XGBoost's version, "1.7.4".
std::string XgboostVersion();

}  // namespace churn::model

#pragma once
// The model candidates and how the winner and its threshold are chosen.
// Owned by the model stage (issue #4); read from the `train:` section.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace churn::model {

// Gradient-boosted trees through XGBoost's C API. The depth-wise candidate
// sets max_depth; the leaf-wise one (grow_policy lossguide, LightGBM's way of
// growing) sets max_leaves.
struct BoostedTreesParams {
  int rounds = 400;
  int max_depth = 6;   // 0: unlimited (leaf-wise growth)
  int max_leaves = 0;  // 0: unlimited (depth-wise growth)
  double learning_rate = 0.05;
  double subsample = 0.8;
  double colsample_bytree = 0.8;
  double min_child_weight = 1.0;
  double reg_lambda = 1.0;
  double scale_pos_weight = 1.0;  // 1: no reweighting
  int early_stopping_rounds = 40;
};

// L2-regularised logistic regression on standardised features.
struct LogisticParams {
  double l2 = 1.0;
  int max_iterations = 500;
};

// A retention campaign, for the profit-maximising threshold.
struct CampaignConfig {
  double contact_cost = 1.0;        // cost of contacting one user
  double retained_value = 50.0;     // value of keeping a user who would have left
  double offer_success_rate = 0.2;  // chance the offer keeps a churner
};

enum class ThresholdRule { kMaxF1, kMaxProfit };
enum class Calibration { kNone, kPlatt, kIsotonic };

// The config file's words for them, for reports and manifests.
std::string_view ThresholdRuleName(ThresholdRule rule);
std::string_view CalibrationName(Calibration calibration);

struct TrainingConfig {
  std::vector<std::string> candidates = {"xgboost", "xgboost_leafwise", "logreg"};
  std::string selection_metric = "pr_auc";
  ThresholdRule threshold_rule = ThresholdRule::kMaxF1;
  Calibration calibration = Calibration::kPlatt;
  CampaignConfig campaign;
  BoostedTreesParams xgboost;
  BoostedTreesParams xgboost_leafwise = LeafwiseDefaults();
  LogisticParams logreg;
  // With one training snapshot, the share of its users held out to validate.
  double validation_share = 0.2;
  // Resamples behind the 95% intervals of the test figures.
  int bootstrap_resamples = 200;
  std::uint64_t seed = 42;
  int threads = 0;  // 0: every core

  static BoostedTreesParams LeafwiseDefaults();
  // Throws ConfigError naming the setting.
  void Validate() const;
};

inline constexpr std::string_view kCandidateNames[] = {"xgboost", "xgboost_leafwise", "logreg"};
inline constexpr std::string_view kSelectionMetrics[] = {"pr_auc", "roc_auc", "log_loss", "f1"};

}  // namespace churn::model

#include "model/training_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "errors/error.h"

namespace churn::model {
namespace {

constexpr int kMaxRounds = 100000;
constexpr int kMaxTreeDepth = 32;
constexpr int kMaxLeaves = 1 << 16;

void CheckRange(std::string_view key, double value, double low, double high) {
  if (!std::isfinite(value) || value < low || value > high) {
    throw ConfigError(fmt::format("{} must be between {} and {}, got {}", key, low, high, value));
  }
}

void CheckTrees(std::string_view name, const BoostedTreesParams& params) {
  auto key = [&](std::string_view field) { return fmt::format("train.{}.{}", name, field); };
  CheckRange(key("rounds"), params.rounds, 1, kMaxRounds);
  CheckRange(key("max_depth"), params.max_depth, 0, kMaxTreeDepth);
  CheckRange(key("max_leaves"), params.max_leaves, 0, kMaxLeaves);
  CheckRange(key("learning_rate"), params.learning_rate, 1e-6, 1.0);
  CheckRange(key("subsample"), params.subsample, 1e-3, 1.0);
  CheckRange(key("colsample_bytree"), params.colsample_bytree, 1e-3, 1.0);
  CheckRange(key("min_child_weight"), params.min_child_weight, 0.0, 1e6);
  CheckRange(key("reg_lambda"), params.reg_lambda, 0.0, 1e6);
  CheckRange(key("scale_pos_weight"), params.scale_pos_weight, 1e-6, 1e6);
  CheckRange(key("early_stopping_rounds"), params.early_stopping_rounds, 0, kMaxRounds);
  if (params.max_depth == 0 && params.max_leaves == 0) {
    throw ConfigError(fmt::format(
        "train.{} needs max_depth or max_leaves: with both 0 the trees would grow without bound",
        name));
  }
}

}  // namespace

std::string_view ThresholdRuleName(ThresholdRule rule) {
  return rule == ThresholdRule::kMaxF1 ? "max_f1" : "max_profit";
}

std::string_view CalibrationName(Calibration calibration) {
  switch (calibration) {
    case Calibration::kNone:
      return "none";
    case Calibration::kPlatt:
      return "platt";
    case Calibration::kIsotonic:
      return "isotonic";
  }
  return "none";
}

BoostedTreesParams TrainingConfig::LeafwiseDefaults() {
  BoostedTreesParams params;
  params.max_depth = 0;
  params.max_leaves = 31;
  return params;
}

void TrainingConfig::Validate() const {
  if (candidates.empty()) {
    throw ConfigError("train.candidates must name at least one model");
  }
  for (auto candidate = candidates.begin(); candidate != candidates.end(); ++candidate) {
    if (std::find(candidates.begin(), candidate, *candidate) != candidate) {
      throw ConfigError(fmt::format("train.candidates: '{}' is listed twice", *candidate));
    }
  }
  for (const std::string& candidate : candidates) {
    if (std::find(std::begin(kCandidateNames), std::end(kCandidateNames), candidate) ==
        std::end(kCandidateNames)) {
      throw ConfigError(fmt::format("train.candidates: unknown model '{}' (expected one of: {})",
                                    candidate, fmt::join(kCandidateNames, ", ")));
    }
  }
  if (std::find(std::begin(kSelectionMetrics), std::end(kSelectionMetrics), selection_metric) ==
      std::end(kSelectionMetrics)) {
    throw ConfigError(
        fmt::format("train.selection_metric: unknown metric '{}' (expected one of: {})",
                    selection_metric, fmt::join(kSelectionMetrics, ", ")));
  }
  CheckTrees("xgboost", xgboost);
  CheckTrees("xgboost_leafwise", xgboost_leafwise);
  CheckRange("train.logreg.l2", logreg.l2, 0.0, 1e9);
  CheckRange("train.logreg.max_iterations", logreg.max_iterations, 1, kMaxRounds);
  CheckRange("train.campaign.contact_cost", campaign.contact_cost, 0.0, 1e9);
  CheckRange("train.campaign.retained_value", campaign.retained_value, 0.0, 1e9);
  CheckRange("train.campaign.offer_success_rate", campaign.offer_success_rate, 0.0, 1.0);
  CheckRange("train.threads", threads, 0, 1024);
  CheckRange("train.validation_share", validation_share, 0.01, 0.9);
  CheckRange("train.bootstrap_resamples", bootstrap_resamples, 0, 100000);
}

}  // namespace churn::model

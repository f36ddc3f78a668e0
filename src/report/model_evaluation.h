#pragma once
// Every figure a model's scores earn on one set of labelled rows, at one
// threshold: the content of metrics.json, for the chosen model, each
// candidate and the recency-only baseline.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "metrics/bootstrap_interval.h"
#include "metrics/threshold_choice.h"
#include "metrics/threshold_metrics.h"

namespace churn::report {

struct EvaluationOptions {
  double threshold = 0.5;
  metrics::CampaignEconomics economics;
  // Each row's own value, when economics.customer_value; empty otherwise.
  std::span<const double> customer_values = {};
  int bootstrap_resamples = 0;  // 0: no intervals
  std::uint64_t seed = 0;
  int threads = 1;
  // False for scores that rank but are not probabilities (the baseline):
  // log-loss and Brier score are then left out rather than made up.
  bool scores_are_probabilities = true;
};

struct ModelEvaluation {
  std::int64_t rows = 0;
  std::int64_t churners = 0;
  double prevalence = 0;
  double roc_auc = 0;
  double pr_auc = 0;
  std::optional<metrics::BootstrapIntervals> intervals;
  std::optional<double> log_loss;
  std::optional<double> brier_score;
  double threshold = 0;
  metrics::ConfusionMatrix confusion;
  double expected_profit = 0;
  double top_decile_lift = 0;
};

// Throws InputError when the labels hold a single class: a test set with
// no churner (or only churners) has no ROC-AUC, and saying so beats a NaN.
ModelEvaluation EvaluateScores(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               const EvaluationOptions& options);

nlohmann::json ToJson(const ModelEvaluation& evaluation);

}  // namespace churn::report

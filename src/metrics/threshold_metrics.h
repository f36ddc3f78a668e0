#pragma once
// Figures at one threshold: a user is flagged as a churner when their score
// is at or above it.

#include <cstdint>
#include <span>
#include <vector>

namespace churn::metrics {

struct ConfusionMatrix {
  std::int64_t true_positives = 0;
  std::int64_t false_positives = 0;
  std::int64_t true_negatives = 0;
  std::int64_t false_negatives = 0;
  // The flagged churners' own values summed, when the rows carry values
  // (CampaignEconomics::customer_value); 0 otherwise.
  double true_positive_value = 0;

  std::int64_t flagged() const { return true_positives + false_positives; }
  std::int64_t total() const;
  // 0 where the denominator is 0 (nobody flagged, no churner), never NaN.
  double Precision() const;
  double Recall() const;
  double F1() const;
  double Accuracy() const;
};

// `values`: none, or one per row (summed into true_positive_value).
ConfusionMatrix ConfusionAt(std::span<const double> scores, std::span<const std::uint8_t> labels,
                            double threshold, std::span<const double> values = {});

// The threshold of step `step` of `steps`: step / steps.
double StepThreshold(std::size_t step, std::size_t steps);

// ConfusionAt every threshold StepThreshold(0..steps) of probabilities in
// [0, 1] (scores outside are clamped), in one pass over the rows instead of
// steps + 1: a histogram by step, summed from the top.
std::vector<ConfusionMatrix> ConfusionAtSteps(std::span<const double> probabilities,
                                              std::span<const std::uint8_t> labels,
                                              std::size_t steps,
                                              std::span<const double> values = {});

}  // namespace churn::metrics

#pragma once
// Figures at one threshold: a user is flagged as a churner when their score
// is at or above it.

#include <cstdint>
#include <span>

namespace churn::metrics {

struct ConfusionMatrix {
  std::int64_t true_positives = 0;
  std::int64_t false_positives = 0;
  std::int64_t true_negatives = 0;
  std::int64_t false_negatives = 0;

  std::int64_t flagged() const { return true_positives + false_positives; }
  std::int64_t total() const;
  // 0 where the denominator is 0 (nobody flagged, no churner), never NaN.
  double Precision() const;
  double Recall() const;
  double F1() const;
  double Accuracy() const;
};

ConfusionMatrix ConfusionAt(std::span<const double> scores, std::span<const std::uint8_t> labels,
                            double threshold);

}  // namespace churn::metrics

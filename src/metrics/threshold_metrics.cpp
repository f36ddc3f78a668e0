#include "metrics/threshold_metrics.h"

#include "metrics/scored_rows.h"

namespace churn::metrics {
namespace {

// numerator / denominator, or 0 when nobody is in the denominator: a figure
// of nobody is reported as 0 rather than NaN, which JSON cannot hold.
double ShareOrZero(std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) {
    return 0.0;
  }
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

std::int64_t ConfusionMatrix::total() const {
  return true_positives + false_positives + true_negatives + false_negatives;
}

double ConfusionMatrix::Precision() const {
  return ShareOrZero(true_positives, flagged());
}

double ConfusionMatrix::Recall() const {
  return ShareOrZero(true_positives, true_positives + false_negatives);
}

// 2PR / (P + R) written in counts, which is 0 exactly when P or R is.
double ConfusionMatrix::F1() const {
  return ShareOrZero(2 * true_positives, 2 * true_positives + false_positives + false_negatives);
}

double ConfusionMatrix::Accuracy() const {
  return ShareOrZero(true_positives + true_negatives, total());
}

ConfusionMatrix ConfusionAt(std::span<const double> scores, std::span<const std::uint8_t> labels,
                            double threshold) {
  CheckScoredRows(scores, labels);
  ConfusionMatrix confusion;
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    bool flagged = scores[row_idx] >= threshold;
    bool churned = labels[row_idx] != 0;
    if (flagged) {
      ++(churned ? confusion.true_positives : confusion.false_positives);
    } else {
      ++(churned ? confusion.false_negatives : confusion.true_negatives);
    }
  }
  return confusion;
}

}  // namespace churn::metrics

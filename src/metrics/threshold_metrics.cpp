#include "metrics/threshold_metrics.h"

#include <algorithm>
#include <cmath>

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
                            double threshold, std::span<const double> values) {
  CheckScoredRows(scores, labels);
  CheckRowValues(values, scores.size());
  ConfusionMatrix confusion;
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    bool flagged = scores[row_idx] >= threshold;
    bool churned = labels[row_idx] != 0;
    if (flagged) {
      ++(churned ? confusion.true_positives : confusion.false_positives);
      confusion.true_positive_value += churned && !values.empty() ? values[row_idx] : 0.0;
    } else {
      ++(churned ? confusion.false_negatives : confusion.true_negatives);
    }
  }
  return confusion;
}

double StepThreshold(std::size_t step, std::size_t steps) {
  return static_cast<double>(step) / static_cast<double>(steps);
}

std::vector<ConfusionMatrix> ConfusionAtSteps(std::span<const double> probabilities,
                                              std::span<const std::uint8_t> labels,
                                              std::size_t steps, std::span<const double> values) {
  CheckScoredRows(probabilities, labels);
  CheckRowValues(values, probabilities.size());
  // A row is flagged at step s when its bucket, the largest step whose
  // threshold it reaches, is at least s.
  std::vector<std::int64_t> rows(steps + 1, 0);
  std::vector<std::int64_t> positives(steps + 1, 0);
  std::vector<double> positive_values(steps + 1, 0.0);
  std::int64_t total_positives = 0;
  for (std::size_t row_idx = 0; row_idx < probabilities.size(); ++row_idx) {
    double probability = std::clamp(probabilities[row_idx], 0.0, 1.0);
    auto bucket = static_cast<std::size_t>(std::floor(probability * static_cast<double>(steps)));
    // floor() of the product can land one step off either way; settle it
    // against the very thresholds of the steps.
    while (bucket < steps && probability >= StepThreshold(bucket + 1, steps)) {
      ++bucket;
    }
    while (bucket > 0 && probability < StepThreshold(bucket, steps)) {
      --bucket;
    }
    ++rows[bucket];
    positives[bucket] += labels[row_idx] != 0 ? 1 : 0;
    positive_values[bucket] += labels[row_idx] != 0 && !values.empty() ? values[row_idx] : 0.0;
    total_positives += labels[row_idx] != 0 ? 1 : 0;
  }
  // From the highest threshold down, each step flags its bucket as well.
  std::vector<ConfusionMatrix> confusions(steps + 1);
  ConfusionMatrix confusion{
      .true_negatives = static_cast<std::int64_t>(probabilities.size()) - total_positives,
      .false_negatives = total_positives};
  for (std::size_t step = steps + 1; step-- > 0;) {
    confusion.true_positives += positives[step];
    confusion.true_positive_value += positive_values[step];
    confusion.false_negatives -= positives[step];
    confusion.false_positives += rows[step] - positives[step];
    confusion.true_negatives -= rows[step] - positives[step];
    confusions[step] = confusion;
  }
  return confusions;
}

}  // namespace churn::metrics

#include "metrics/threshold_metrics.h"

#include <gtest/gtest.h>

#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

TEST(ThresholdMetricsTest, AScoreAtTheThresholdIsFlagged) {
  std::vector<double> scores = {0.2, 0.5, 0.5, 0.9, 0.1};
  std::vector<std::uint8_t> labels = {1, 0, 1, 1, 0};
  ConfusionMatrix confusion = ConfusionAt(scores, labels, 0.5);
  EXPECT_EQ(confusion.true_positives, 2);
  EXPECT_EQ(confusion.false_positives, 1);
  EXPECT_EQ(confusion.true_negatives, 1);
  EXPECT_EQ(confusion.false_negatives, 1);
  EXPECT_EQ(confusion.flagged(), 3);
  EXPECT_EQ(confusion.total(), 5);
}

TEST(ThresholdMetricsTest, FiguresFromCounts) {
  ConfusionMatrix confusion{3, 1, 4, 2};
  EXPECT_DOUBLE_EQ(confusion.Precision(), 0.75);
  EXPECT_DOUBLE_EQ(confusion.Recall(), 0.6);
  EXPECT_DOUBLE_EQ(confusion.F1(), 2 * 0.75 * 0.6 / (0.75 + 0.6));
  EXPECT_DOUBLE_EQ(confusion.Accuracy(), 0.7);
}

TEST(ThresholdMetricsTest, EmptyDenominatorsGiveZeroNotNaN) {
  ConfusionMatrix nobody_flagged{0, 0, 5, 3};
  EXPECT_EQ(nobody_flagged.Precision(), 0.0);
  EXPECT_EQ(nobody_flagged.Recall(), 0.0);
  EXPECT_EQ(nobody_flagged.F1(), 0.0);
  EXPECT_DOUBLE_EQ(nobody_flagged.Accuracy(), 5.0 / 8.0);
  ConfusionMatrix no_churner{0, 2, 3, 0};
  EXPECT_EQ(no_churner.Recall(), 0.0);
  EXPECT_EQ(no_churner.F1(), 0.0);
  ConfusionMatrix empty;
  EXPECT_EQ(empty.Precision(), 0.0);
  EXPECT_EQ(empty.Recall(), 0.0);
  EXPECT_EQ(empty.F1(), 0.0);
  EXPECT_EQ(empty.Accuracy(), 0.0);
}

TEST(ThresholdMetricsTest, MismatchedSizesAreABug) {
  EXPECT_THROW(ConfusionAt(std::vector<double>{0.1, 0.2}, std::vector<std::uint8_t>{1}, 0.5),
               InternalError);
}

// Probabilities right on a step, where floor(p * steps) lands one off, and
// beyond [0, 1], which count as the nearest end.
TEST(ThresholdMetricsTest, ConfusionAtStepsEqualsConfusionAtEachStep) {
  std::vector<double> probabilities = {0.29, 0.57, 0.58, 0.0, 1.0, 0.125, 0.3, 0.999, 0.01, 0.7};
  std::vector<std::uint8_t> labels = {1, 0, 1, 0, 1, 0, 1, 1, 0, 0};
  std::vector<ConfusionMatrix> steps = ConfusionAtSteps(probabilities, labels, 100);
  ASSERT_EQ(steps.size(), 101U);
  for (std::size_t step = 0; step <= 100; ++step) {
    ConfusionMatrix expected = ConfusionAt(probabilities, labels, StepThreshold(step, 100));
    EXPECT_EQ(steps[step].true_positives, expected.true_positives) << step;
    EXPECT_EQ(steps[step].false_positives, expected.false_positives) << step;
    EXPECT_EQ(steps[step].true_negatives, expected.true_negatives) << step;
    EXPECT_EQ(steps[step].false_negatives, expected.false_negatives) << step;
  }
  std::vector<ConfusionMatrix> clamped =
      ConfusionAtSteps(std::vector<double>{-0.5, 1.5}, std::vector<std::uint8_t>{0, 1}, 4);
  EXPECT_EQ(clamped[0].flagged(), 2);
  EXPECT_EQ(clamped[4].flagged(), 1) << "1.5 counts as 1.0, flagged at the top step";
}

TEST(ThresholdMetricsTest, TheFlaggedChurnersValuesAreSummed) {
  std::vector<double> scores = {0.9, 0.8, 0.3, 0.2};
  std::vector<std::uint8_t> labels = {1, 0, 1, 1};
  std::vector<double> values = {10, 100, 1000, 5};
  EXPECT_DOUBLE_EQ(ConfusionAt(scores, labels, 0.25, values).true_positive_value, 1010);
  EXPECT_DOUBLE_EQ(ConfusionAt(scores, labels, 0.25).true_positive_value, 0) << "no values";
  std::vector<ConfusionMatrix> steps = ConfusionAtSteps(scores, labels, 10, values);
  EXPECT_DOUBLE_EQ(steps[9].true_positive_value, 10);
  EXPECT_DOUBLE_EQ(steps[3].true_positive_value, 1010);
  EXPECT_DOUBLE_EQ(steps[0].true_positive_value, 1015);
  std::vector<double> too_few = {1, 2};
  EXPECT_THROW(ConfusionAt(scores, labels, 0.5, too_few), InternalError);
}

}  // namespace
}  // namespace churn::metrics

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

}  // namespace
}  // namespace churn::metrics

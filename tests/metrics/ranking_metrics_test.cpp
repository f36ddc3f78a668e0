#include "metrics/ranking_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "errors/error.h"
#include "metrics/threshold_metrics.h"

namespace churn::metrics {
namespace {

using ::testing::HasSubstr;

TEST(RankingMetricsTest, HandComputedExample) {
  std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1};
  // Pairs (churner, stayer): 0.8 beats both, 0.35 beats 0.1 only: 3 of 4.
  EXPECT_DOUBLE_EQ(RocAuc(scores, labels), 0.75);
  // Recall 1/2 at precision 1, then recall 1 at precision 2/3.
  EXPECT_DOUBLE_EQ(AveragePrecision(scores, labels), 0.5 * 1.0 + 0.5 * 2.0 / 3.0);
}

TEST(RankingMetricsTest, TiedScoresFormOneStep) {
  std::vector<double> scores = {0.9, 0.7, 0.7, 0.7, 0.3, 0.3};
  std::vector<std::uint8_t> labels = {1, 1, 0, 0, 1, 0};
  // Churner 0.9 beats 3 stayers; 0.7 ties 2 and beats 1 (2); 0.3 ties 1 (0.5).
  EXPECT_DOUBLE_EQ(RocAuc(scores, labels), 5.5 / 9.0);
  // Steps: recall 1/3 at precision 1, 2/3 at 2/4, 3/3 at 3/6. Breaking the
  // ties in the churners' favour would give more.
  EXPECT_DOUBLE_EQ(AveragePrecision(scores, labels), 1.0 / 3 + 1.0 / 6 + 1.0 / 6);
}

TEST(RankingMetricsTest, AllTiedScoresRankNoBetterThanChance) {
  std::vector<double> scores(5, 0.3);
  std::vector<std::uint8_t> labels = {1, 0, 0, 0, 1};
  EXPECT_DOUBLE_EQ(RocAuc(scores, labels), 0.5);
  EXPECT_DOUBLE_EQ(AveragePrecision(scores, labels), 0.4) << "the prevalence";
}

TEST(RankingMetricsTest, PerfectAndReversedRankings) {
  std::vector<std::uint8_t> labels = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(RocAuc(std::vector<double>{0.1, 0.2, 0.8, 0.9}, labels), 1.0);
  EXPECT_DOUBLE_EQ(AveragePrecision(std::vector<double>{0.1, 0.2, 0.8, 0.9}, labels), 1.0);
  std::vector<double> reversed = {0.9, 0.8, 0.2, 0.1};
  EXPECT_DOUBLE_EQ(RocAuc(reversed, labels), 0.0);
  EXPECT_DOUBLE_EQ(AveragePrecision(reversed, labels), 0.5 / 3 + 0.5 * 2 / 4);
}

TEST(RankingMetricsTest, MarginsWorkLikeProbabilities) {
  std::vector<double> margins = {-3.0, 1.5, 0.2, 7.0};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(RocAuc(margins, labels), 0.75);
  EXPECT_DOUBLE_EQ(AveragePrecision(margins, labels), 5.0 / 6.0);
}

TEST(RankingMetricsTest, SingleClassOrNoRowsThrowInputErrorNamingTheRows) {
  try {
    RequireBothClasses(std::vector<std::uint8_t>{1, 1, 1}, "the test set");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("the test set"));
    EXPECT_THAT(error.what(), HasSubstr("all 3 rows are churners"));
  }
  EXPECT_THROW(RequireBothClasses({}, "the test set"), InputError);
  EXPECT_NO_THROW(RequireBothClasses(std::vector<std::uint8_t>{0, 1}, "the test set"));
  std::vector<double> scores = {0.2, 0.6};
  std::vector<std::uint8_t> stayers = {0, 0};
  EXPECT_THROW(RocAuc(scores, stayers), InputError);
  EXPECT_THROW(AveragePrecision(scores, stayers), InputError);
  EXPECT_THROW(RocCurve(scores, stayers), InputError);
  EXPECT_THROW(PrCurve(scores, stayers), InputError);
  EXPECT_THROW(RocAuc({}, {}), InputError);
}

TEST(RankingMetricsTest, MismatchedSizesAreABugAndNonFiniteScoresBadInput) {
  std::vector<std::uint8_t> labels = {0, 1};
  EXPECT_THROW(RocAuc(std::vector<double>{0.5}, labels), InternalError);
  EXPECT_THROW(AveragePrecision(std::vector<double>{0.5, 0.1, 0.2}, labels), InternalError);
  std::vector<double> with_nan = {0.5, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_THROW(RocAuc(with_nan, labels), InputError);
}

TEST(RankingMetricsTest, RocCurveStartsWhereNobodyIsFlagged) {
  std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1};
  std::vector<RocPoint> curve = RocCurve(scores, labels);
  ASSERT_EQ(curve.size(), 5U);
  std::vector<std::vector<double>> expected = {
      {0.0, 0.0, 1.0}, {0.0, 0.5, 0.8}, {0.5, 0.5, 0.4}, {0.5, 1.0, 0.35}, {1.0, 1.0, 0.1}};
  for (std::size_t point_idx = 0; point_idx < curve.size(); ++point_idx) {
    EXPECT_DOUBLE_EQ(curve[point_idx].false_positive_rate, expected[point_idx][0]) << point_idx;
    EXPECT_DOUBLE_EQ(curve[point_idx].true_positive_rate, expected[point_idx][1]) << point_idx;
    EXPECT_DOUBLE_EQ(curve[point_idx].threshold, expected[point_idx][2]) << point_idx;
  }
}

TEST(RankingMetricsTest, PrCurveHasOnePointPerThresholdEndingAtFullRecall) {
  std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1};
  std::vector<PrPoint> curve = PrCurve(scores, labels);
  ASSERT_EQ(curve.size(), 4U);
  std::vector<std::vector<double>> expected = {
      {0.5, 1.0, 0.8}, {0.5, 0.5, 0.4}, {1.0, 2.0 / 3.0, 0.35}, {1.0, 0.5, 0.1}};
  for (std::size_t point_idx = 0; point_idx < curve.size(); ++point_idx) {
    EXPECT_DOUBLE_EQ(curve[point_idx].recall, expected[point_idx][0]) << point_idx;
    EXPECT_DOUBLE_EQ(curve[point_idx].precision, expected[point_idx][1]) << point_idx;
    EXPECT_DOUBLE_EQ(curve[point_idx].threshold, expected[point_idx][2]) << point_idx;
  }
}

TEST(RankingMetricsTest, TiedScoresGiveOneCurvePoint) {
  std::vector<double> scores = {0.9, 0.7, 0.7, 0.7, 0.3, 0.3};
  std::vector<std::uint8_t> labels = {1, 1, 0, 0, 1, 0};
  std::vector<RocPoint> roc = RocCurve(scores, labels);
  ASSERT_EQ(roc.size(), 4U) << "the start and three distinct scores";
  EXPECT_DOUBLE_EQ(roc[2].threshold, 0.7);
  EXPECT_DOUBLE_EQ(roc[2].false_positive_rate, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(roc[2].true_positive_rate, 2.0 / 3.0);
  EXPECT_EQ(PrCurve(scores, labels).size(), 3U);
}

TEST(RankingMetricsTest, StartThresholdOfMarginsLiesAboveEveryScoreAndFlagsNobody) {
  std::vector<double> margins = {-2.0, 3.0, 1.0};
  std::vector<std::uint8_t> labels = {0, 1, 0};
  std::vector<RocPoint> curve = RocCurve(margins, labels);
  EXPECT_GT(curve.front().threshold, 3.0);
  EXPECT_TRUE(std::isfinite(curve.front().threshold));
  EXPECT_EQ(ConfusionAt(margins, labels, curve.front().threshold).flagged(), 0);
  // A probability of exactly 1 must not be flagged at the start either.
  std::vector<double> certain = {1.0, 0.2, 0.5};
  EXPECT_EQ(ConfusionAt(certain, labels, RocCurve(certain, labels).front().threshold).flagged(), 0);
}

TEST(RankingMetricsTest, CurvesAreThinnedKeepingBothEnds) {
  constexpr std::size_t kRows = 1000;
  std::vector<double> scores(kRows);
  std::vector<std::uint8_t> labels(kRows);
  for (std::size_t row_idx = 0; row_idx < kRows; ++row_idx) {
    scores[row_idx] = static_cast<double>(row_idx) / kRows;
    labels[row_idx] = row_idx % 3 == 0 ? 1 : 0;
  }
  std::vector<RocPoint> roc = RocCurve(scores, labels, 10);
  ASSERT_EQ(roc.size(), 10U);
  EXPECT_DOUBLE_EQ(roc.front().false_positive_rate, 0.0);
  EXPECT_DOUBLE_EQ(roc.front().true_positive_rate, 0.0);
  EXPECT_DOUBLE_EQ(roc.back().false_positive_rate, 1.0);
  EXPECT_DOUBLE_EQ(roc.back().true_positive_rate, 1.0);
  EXPECT_DOUBLE_EQ(roc.back().threshold, 0.0);
  for (std::size_t point_idx = 1; point_idx < roc.size(); ++point_idx) {
    EXPECT_LT(roc[point_idx].threshold, roc[point_idx - 1].threshold);
  }
  std::vector<PrPoint> pr = PrCurve(scores, labels, 2);
  ASSERT_EQ(pr.size(), 2U);
  EXPECT_DOUBLE_EQ(pr.front().threshold, 0.999);
  EXPECT_DOUBLE_EQ(pr.back().recall, 1.0);
  EXPECT_THROW(RocCurve(scores, labels, 1), InternalError);
}

}  // namespace
}  // namespace churn::metrics

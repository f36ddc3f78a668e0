#include "metrics/score_ranking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

void ExpectSameSteps(const std::vector<ThresholdStep>& actual,
                     const std::vector<ThresholdStep>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t step_idx = 0; step_idx < actual.size(); ++step_idx) {
    EXPECT_EQ(actual[step_idx].threshold, expected[step_idx].threshold) << step_idx;
    EXPECT_EQ(actual[step_idx].true_positives, expected[step_idx].true_positives) << step_idx;
    EXPECT_EQ(actual[step_idx].false_positives, expected[step_idx].false_positives) << step_idx;
  }
}

TEST(ScoreRankingTest, OneCumulativeStepPerDistinctScore) {
  std::vector<double> scores = {0.3, 0.7, 0.9, 0.7, 0.3, 0.7};
  std::vector<std::uint8_t> labels = {1, 1, 1, 0, 0, 0};
  ScoreRanking ranking(scores, labels);
  EXPECT_EQ(ranking.size(), 6U);
  EXPECT_EQ(ranking.positives(), 3);
  EXPECT_EQ(ranking.negatives(), 3);
  ExpectSameSteps(ranking.Steps(), {{0.9, 1, 0}, {0.7, 2, 2}, {0.3, 3, 3}});
}

TEST(ScoreRankingTest, TiesKeepTheirRowOrder) {
  std::vector<double> scores = {0.5, 0.8, 0.5, 0.5};
  std::vector<std::uint8_t> labels = {0, 0, 1, 0};
  ScoreRanking ranking(scores, labels);
  std::vector<std::uint8_t> by_rank(ranking.labels_by_rank().begin(),
                                    ranking.labels_by_rank().end());
  EXPECT_EQ(by_rank, (std::vector<std::uint8_t>{0, 0, 1, 0}));
}

TEST(ScoreRankingTest, WeightedStepsEqualTheStepsOfTheCopiedRows) {
  std::mt19937_64 generator(11);
  std::uniform_int_distribution<int> score_level(0, 20);
  std::uniform_int_distribution<std::uint32_t> copies(0, 3);
  std::vector<double> scores(300);
  std::vector<std::uint8_t> labels(300);
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    scores[row_idx] = score_level(generator) / 20.0;
    labels[row_idx] = row_idx % 4 == 0 ? 1 : 0;
  }
  ScoreRanking ranking(scores, labels);
  // Ranks follow score, then row, so the rows can be listed in rank order.
  std::vector<std::size_t> rows_by_rank(scores.size());
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    rows_by_rank[row_idx] = row_idx;
  }
  std::stable_sort(
      rows_by_rank.begin(), rows_by_rank.end(),
      [&](std::size_t left, std::size_t right) { return scores[left] > scores[right]; });
  std::vector<std::uint32_t> copies_by_rank(scores.size());
  std::vector<double> copied_scores;
  std::vector<std::uint8_t> copied_labels;
  for (std::size_t rank = 0; rank < scores.size(); ++rank) {
    copies_by_rank[rank] = copies(generator);
    for (std::uint32_t copy_idx = 0; copy_idx < copies_by_rank[rank]; ++copy_idx) {
      copied_scores.push_back(scores[rows_by_rank[rank]]);
      copied_labels.push_back(labels[rows_by_rank[rank]]);
    }
  }
  std::vector<ThresholdStep> weighted;
  ranking.WeightedSteps(copies_by_rank, weighted);
  ExpectSameSteps(weighted, ScoreRanking(copied_scores, copied_labels).Steps());
}

TEST(ScoreRankingTest, ScoresWithoutCopiesGiveNoStep) {
  std::vector<double> scores = {0.9, 0.5, 0.1};
  std::vector<std::uint8_t> labels = {1, 0, 1};
  ScoreRanking ranking(scores, labels);
  std::vector<ThresholdStep> steps = {{0.0, 7, 7}};  // stale content is replaced
  ranking.WeightedSteps(std::vector<std::uint32_t>{2, 0, 1}, steps);
  ExpectSameSteps(steps, {{0.9, 2, 0}, {0.1, 3, 0}});
  EXPECT_THROW(ranking.WeightedSteps(std::vector<std::uint32_t>{1, 1}, steps), InternalError);
}

TEST(ScoreRankingTest, ThresholdAboveAllFlagsNobodyAndStaysFinite) {
  std::vector<std::uint8_t> labels = {0, 1};
  EXPECT_EQ(ScoreRanking(std::vector<double>{0.2, 0.7}, labels).ThresholdAboveAll(), 1.0);
  double above_one = ScoreRanking(std::vector<double>{0.2, 1.0}, labels).ThresholdAboveAll();
  EXPECT_GT(above_one, 1.0);
  EXPECT_LT(above_one, 1.0 + 1e-12);
  double above_margin = ScoreRanking(std::vector<double>{-5.0, -0.5}, labels).ThresholdAboveAll();
  EXPECT_GT(above_margin, -0.5);
  EXPECT_LT(above_margin, -0.5 + 1e-12);
  EXPECT_TRUE(
      std::isfinite(ScoreRanking(std::vector<double>{0.0, 1e308}, labels).ThresholdAboveAll()));
}

TEST(ScoreRankingTest, AreasOfSteps) {
  // The hand-computed example of ranking_metrics_test, as steps.
  std::vector<ThresholdStep> steps = {{0.8, 1, 0}, {0.4, 1, 1}, {0.35, 2, 1}, {0.1, 2, 2}};
  EXPECT_DOUBLE_EQ(RocAucOfSteps(steps), 0.75);
  EXPECT_DOUBLE_EQ(AveragePrecisionOfSteps(steps), 5.0 / 6.0);
  EXPECT_THROW(RocAucOfSteps(std::vector<ThresholdStep>{{0.5, 2, 0}}), InternalError);
  EXPECT_THROW(AveragePrecisionOfSteps({}), InternalError);
}

}  // namespace
}  // namespace churn::metrics

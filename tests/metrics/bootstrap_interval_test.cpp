#include "metrics/bootstrap_interval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "errors/error.h"
#include "metrics/ranking_metrics.h"

namespace churn::metrics {
namespace {

constexpr int kResamples = 200;
constexpr std::uint64_t kSeed = 42;

// A model of middling skill: churners' scores are shifted up, with many ties
// from rounding to two decimals, as calibrated probabilities often are.
struct ScoredSample {
  std::vector<double> scores;
  std::vector<std::uint8_t> labels;
};

ScoredSample RealisticSample(std::size_t rows) {
  constexpr double kChurnRate = 0.2;
  constexpr double kSeparation = 1.2;
  std::mt19937_64 generator(3);
  std::bernoulli_distribution churns(kChurnRate);
  std::normal_distribution<double> noise;
  ScoredSample sample;
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    std::uint8_t label = churns(generator) ? 1 : 0;
    double margin = noise(generator) + kSeparation * label - 1.5;
    sample.scores.push_back(std::round(100.0 / (1.0 + std::exp(-margin))) / 100.0);
    sample.labels.push_back(label);
  }
  return sample;
}

void ExpectSameIntervals(const BootstrapIntervals& actual, const BootstrapIntervals& expected) {
  EXPECT_EQ(actual.roc_auc.low, expected.roc_auc.low);
  EXPECT_EQ(actual.roc_auc.high, expected.roc_auc.high);
  EXPECT_EQ(actual.pr_auc.low, expected.pr_auc.low);
  EXPECT_EQ(actual.pr_auc.high, expected.pr_auc.high);
}

TEST(BootstrapIntervalTest, TheNumberOfThreadsDoesNotChangeTheInterval) {
  ScoredSample sample = RealisticSample(1000);
  BootstrapIntervals one_thread =
      BootstrapRankingIntervals(sample.scores, sample.labels, kResamples, kSeed, 1);
  ExpectSameIntervals(BootstrapRankingIntervals(sample.scores, sample.labels, kResamples, kSeed, 3),
                      one_thread);
  ExpectSameIntervals(BootstrapRankingIntervals(sample.scores, sample.labels, kResamples, kSeed, 0),
                      one_thread);
}

TEST(BootstrapIntervalTest, TheSeedDecidesTheResamples) {
  ScoredSample sample = RealisticSample(1000);
  BootstrapIntervals first = BootstrapRankingIntervals(sample.scores, sample.labels, 50, 1, 2);
  BootstrapIntervals again = BootstrapRankingIntervals(sample.scores, sample.labels, 50, 1, 2);
  BootstrapIntervals other = BootstrapRankingIntervals(sample.scores, sample.labels, 50, 2, 2);
  ExpectSameIntervals(again, first);
  EXPECT_NE(other.roc_auc.low, first.roc_auc.low);
}

TEST(BootstrapIntervalTest, IntervalsHoldThePointEstimates) {
  ScoredSample sample = RealisticSample(3000);
  double roc_auc = RocAuc(sample.scores, sample.labels);
  double pr_auc = AveragePrecision(sample.scores, sample.labels);
  BootstrapIntervals intervals =
      BootstrapRankingIntervals(sample.scores, sample.labels, kResamples, kSeed, 2);
  EXPECT_LT(intervals.roc_auc.low, roc_auc);
  EXPECT_GT(intervals.roc_auc.high, roc_auc);
  EXPECT_LT(intervals.pr_auc.low, pr_auc);
  EXPECT_GT(intervals.pr_auc.high, pr_auc);
  // About +-2 standard errors of an AUC on 3000 rows: a few hundredths.
  EXPECT_LT(intervals.roc_auc.high - intervals.roc_auc.low, 0.1);
  EXPECT_GT(intervals.roc_auc.high - intervals.roc_auc.low, 0.01);
  EXPECT_LT(intervals.pr_auc.high - intervals.pr_auc.low, 0.15);
}

TEST(BootstrapIntervalTest, AllTiedScoresGiveChanceInEveryResample) {
  // Stratified resamples keep the prevalence, so the AP of all-tied scores
  // is the same in each; ties must also hold in the weighted resamples.
  std::vector<double> scores(40, 0.5);
  std::vector<std::uint8_t> labels(40, 0);
  for (std::size_t row_idx = 0; row_idx < 10; ++row_idx) {
    labels[row_idx * 4] = 1;
  }
  BootstrapIntervals intervals = BootstrapRankingIntervals(scores, labels, 30, kSeed, 2);
  EXPECT_DOUBLE_EQ(intervals.roc_auc.low, 0.5);
  EXPECT_DOUBLE_EQ(intervals.roc_auc.high, 0.5);
  EXPECT_DOUBLE_EQ(intervals.pr_auc.low, 0.25);
  EXPECT_DOUBLE_EQ(intervals.pr_auc.high, 0.25);
}

TEST(BootstrapIntervalTest, PerfectRankingStaysPerfect) {
  std::vector<double> scores = {0.1, 0.2, 0.3, 0.7, 0.8};
  std::vector<std::uint8_t> labels = {0, 0, 0, 1, 1};
  BootstrapIntervals intervals = BootstrapRankingIntervals(scores, labels, 20, kSeed, 1);
  EXPECT_EQ(intervals.roc_auc.low, 1.0);
  EXPECT_EQ(intervals.roc_auc.high, 1.0);
  EXPECT_EQ(intervals.pr_auc.low, 1.0);
  EXPECT_EQ(intervals.pr_auc.high, 1.0);
}

TEST(BootstrapIntervalTest, BadInputThrows) {
  std::vector<double> scores = {0.1, 0.9};
  EXPECT_THROW(BootstrapRankingIntervals(scores, std::vector<std::uint8_t>{1, 1}, 10, kSeed, 1),
               InputError);
  std::vector<std::uint8_t> labels = {0, 1};
  EXPECT_THROW(BootstrapRankingIntervals(scores, labels, 0, kSeed, 1), InternalError);
  EXPECT_THROW(BootstrapRankingIntervals(scores, labels, 10, kSeed, -1), InternalError);
}

// The same labels scored by a weaker model: the baseline of a lead.
std::vector<double> NoisierScores(const ScoredSample& sample, double noise_sd) {
  std::mt19937_64 generator(11);
  std::normal_distribution<double> noise(0.0, noise_sd);
  std::vector<double> scores;
  for (double score : sample.scores) {
    scores.push_back(score + noise(generator));
  }
  return scores;
}

TEST(BootstrapLeadTest, AModelAgainstItselfLeadsByNothingInEveryResample) {
  ScoredSample sample = RealisticSample(500);
  BootstrapIntervals lead =
      BootstrapLeadIntervals(sample.scores, sample.scores, sample.labels, 50, kSeed, 2);
  EXPECT_EQ(lead.roc_auc.low, 0.0);
  EXPECT_EQ(lead.roc_auc.high, 0.0);
  EXPECT_EQ(lead.pr_auc.low, 0.0);
  EXPECT_EQ(lead.pr_auc.high, 0.0);
}

TEST(BootstrapLeadTest, TheIntervalHoldsTheLeadAndIsNarrowerThanUnpaired) {
  ScoredSample sample = RealisticSample(3000);
  std::vector<double> baseline = NoisierScores(sample, 0.05);
  double lead = RocAuc(sample.scores, sample.labels) - RocAuc(baseline, sample.labels);
  ASSERT_GT(lead, 0.0);
  BootstrapIntervals paired =
      BootstrapLeadIntervals(sample.scores, baseline, sample.labels, kResamples, kSeed, 2);
  EXPECT_LT(paired.roc_auc.low, lead);
  EXPECT_GT(paired.roc_auc.high, lead);
  // Unpaired, the lead's spread would be about that of either AUC; paired,
  // the shared resample cancels most of it.
  BootstrapIntervals alone =
      BootstrapRankingIntervals(sample.scores, sample.labels, kResamples, kSeed, 2);
  EXPECT_LT(paired.roc_auc.high - paired.roc_auc.low,
            0.5 * (alone.roc_auc.high - alone.roc_auc.low));
}

TEST(BootstrapLeadTest, ThreadsDoNotChangeItAndTheSignFollowsTheOrder) {
  ScoredSample sample = RealisticSample(800);
  std::vector<double> baseline = NoisierScores(sample, 0.2);
  BootstrapIntervals one = BootstrapLeadIntervals(sample.scores, baseline, sample.labels, 40, 3, 1);
  ExpectSameIntervals(BootstrapLeadIntervals(sample.scores, baseline, sample.labels, 40, 3, 3),
                      one);
  BootstrapIntervals reversed =
      BootstrapLeadIntervals(baseline, sample.scores, sample.labels, 40, 3, 1);
  EXPECT_DOUBLE_EQ(reversed.roc_auc.low, -one.roc_auc.high);
  EXPECT_DOUBLE_EQ(reversed.pr_auc.high, -one.pr_auc.low);
  EXPECT_GT(one.roc_auc.low, 0.0);
}

TEST(BootstrapLeadTest, BadInputThrows) {
  std::vector<double> scores = {0.1, 0.9};
  std::vector<std::uint8_t> labels = {0, 1};
  EXPECT_THROW(BootstrapLeadIntervals(scores, std::vector<double>{0.5}, labels, 10, kSeed, 1),
               InternalError);
  EXPECT_THROW(BootstrapLeadIntervals(scores, scores, labels, 0, kSeed, 1), InternalError);
  EXPECT_THROW(
      BootstrapLeadIntervals(scores, scores, std::vector<std::uint8_t>{0, 0}, 10, kSeed, 1),
      InputError);
}

}  // namespace
}  // namespace churn::metrics

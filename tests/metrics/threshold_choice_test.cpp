#include "metrics/threshold_choice.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

// Each contacted churner is worth 50 * 0.2 = 10 against a contact cost of 1.
const CampaignEconomics kDefaultEconomics;

TEST(ThresholdChoiceTest, ExpectedProfitOfACampaign) {
  ConfusionMatrix confusion{10, 30, 50, 5};
  EXPECT_DOUBLE_EQ(ExpectedProfit(confusion, kDefaultEconomics), 10 * 50 * 0.2 - 40 * 1.0);
  EXPECT_DOUBLE_EQ(ExpectedProfit(ConfusionMatrix{}, kDefaultEconomics), 0.0);
}

TEST(ThresholdChoiceTest, WithCustomerValuesEachKeptChurnerIsWorthTheirOwn) {
  CampaignEconomics economics;
  economics.customer_value = true;
  ConfusionMatrix confusion{10, 30, 50, 5};
  confusion.true_positive_value = 800;
  EXPECT_DOUBLE_EQ(ExpectedProfit(confusion, economics), 800 * 0.2 - 40 * 1.0);
  EXPECT_DOUBLE_EQ(ExpectedProfit(confusion, kDefaultEconomics), 10 * 50 * 0.2 - 40 * 1.0)
      << "retained_value unless asked";
}

TEST(ThresholdChoiceTest, MaxProfitWithCustomerValuesReachesFurtherForAValuableChurner) {
  std::vector<double> scores = {0.9, 0.8, 0.7, 0.6, 0.5};
  std::vector<std::uint8_t> labels = {1, 0, 0, 0, 1};
  CampaignEconomics flat;
  flat.contact_cost = 5;
  // Flat, each churner kept is worth 50 * 0.2 = 10: the first alone (10 - 5)
  // beats reaching the second (20 - 25).
  EXPECT_DOUBLE_EQ(MaxProfitThreshold(scores, labels, flat).threshold, 0.9);
  // By value the second is worth 500 (100 kept): 104 - 25 beats 4 - 5.
  CampaignEconomics by_value = flat;
  by_value.customer_value = true;
  std::vector<double> values = {20, 0, 0, 0, 500};
  ThresholdChoice valuable = MaxProfitThreshold(scores, labels, by_value, values);
  EXPECT_DOUBLE_EQ(valuable.threshold, 0.5);
  EXPECT_DOUBLE_EQ(valuable.confusion.true_positive_value, 520);
  EXPECT_DOUBLE_EQ(valuable.expected_profit, 520 * 0.2 - 5 * 5.0);
  // Worth little: 4 - 5 and 10 - 25 both lose, so nobody is contacted.
  std::vector<double> cheap = {20, 0, 0, 0, 30};
  EXPECT_DOUBLE_EQ(MaxProfitThreshold(scores, labels, by_value, cheap).threshold, 1.0);
}

TEST(ThresholdChoiceTest, MaxF1PicksTheBestDistinctScore) {
  std::vector<double> scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
  std::vector<std::uint8_t> labels = {1, 0, 1, 1, 0, 0};
  // F1 from the top: 2/4, 2/5, 4/6, 6/7, 6/8, 6/9.
  ThresholdChoice choice = MaxF1Threshold(scores, labels, kDefaultEconomics);
  EXPECT_DOUBLE_EQ(choice.threshold, 0.6);
  EXPECT_DOUBLE_EQ(choice.f1, 6.0 / 7.0);
  EXPECT_EQ(choice.confusion.true_positives, 3);
  EXPECT_EQ(choice.confusion.false_positives, 1);
  EXPECT_EQ(choice.confusion.true_negatives, 2);
  EXPECT_EQ(choice.confusion.false_negatives, 0);
  EXPECT_DOUBLE_EQ(choice.expected_profit, 3 * 10.0 - 4 * 1.0);
}

TEST(ThresholdChoiceTest, F1TiesGoToTheHigherThreshold) {
  std::vector<double> scores = {0.9, 0.8, 0.7, 0.6};
  std::vector<std::uint8_t> labels = {1, 0, 0, 1};
  // F1 2/3 at 0.9 and again at 0.6.
  ThresholdChoice choice = MaxF1Threshold(scores, labels, kDefaultEconomics);
  EXPECT_DOUBLE_EQ(choice.threshold, 0.9);
  EXPECT_DOUBLE_EQ(choice.f1, 2.0 / 3.0);
}

TEST(ThresholdChoiceTest, MaxProfitPicksTheBestCampaign) {
  std::vector<double> scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
  std::vector<std::uint8_t> labels = {1, 0, 1, 1, 0, 0};
  CampaignEconomics economics;
  economics.contact_cost = 4.0;
  // Profit from the top: 10-4=6, 10-8=2, 20-12=8, 30-16=14, 30-20=10, 30-24=6.
  ThresholdChoice choice = MaxProfitThreshold(scores, labels, economics);
  EXPECT_DOUBLE_EQ(choice.threshold, 0.6);
  EXPECT_DOUBLE_EQ(choice.expected_profit, 14.0);
  EXPECT_DOUBLE_EQ(choice.f1, 6.0 / 7.0);
}

TEST(ThresholdChoiceTest, WhenEveryCampaignLosesMoneyNobodyIsContacted) {
  std::vector<double> scores = {0.9, 0.8, 0.7, 0.3};
  std::vector<std::uint8_t> labels = {1, 0, 1, 0};
  CampaignEconomics economics;
  economics.contact_cost = 25.0;  // more than a churner is worth
  ThresholdChoice choice = MaxProfitThreshold(scores, labels, economics);
  EXPECT_DOUBLE_EQ(choice.threshold, 1.0) << "above every probability";
  EXPECT_DOUBLE_EQ(choice.expected_profit, 0.0);
  EXPECT_EQ(choice.confusion.flagged(), 0);
  EXPECT_EQ(choice.confusion.false_negatives, 2);
  EXPECT_EQ(choice.confusion.true_negatives, 2);
  EXPECT_EQ(ConfusionAt(scores, labels, choice.threshold).flagged(), 0);

  std::vector<double> margins = {4.0, 1.0, -2.0, 4.0};
  ThresholdChoice on_margins = MaxProfitThreshold(margins, labels, economics);
  EXPECT_GT(on_margins.threshold, 4.0);
  EXPECT_TRUE(std::isfinite(on_margins.threshold));
  EXPECT_EQ(ConfusionAt(margins, labels, on_margins.threshold).flagged(), 0);
}

TEST(ThresholdChoiceTest, BreakingEvenTiesWithContactingNobody) {
  std::vector<double> scores = {0.9, 0.1};
  std::vector<std::uint8_t> labels = {1, 0};
  CampaignEconomics economics;
  economics.contact_cost = 10.0;  // exactly what the churner at 0.9 is worth
  ThresholdChoice choice = MaxProfitThreshold(scores, labels, economics);
  EXPECT_EQ(choice.confusion.flagged(), 0) << "the tie goes to the higher threshold";
  EXPECT_DOUBLE_EQ(choice.threshold, 1.0);
  // 3 * 0.1 - 0.3 is 5.6e-17 in doubles: still breaking even.
  CampaignEconomics inexact;
  inexact.contact_cost = 0.3;
  inexact.retained_value = 3.0;
  inexact.offer_success_rate = 0.1;
  EXPECT_EQ(MaxProfitThreshold(scores, labels, inexact).confusion.flagged(), 0);
}

// The one-pass choice must equal trying every distinct score with ConfusionAt.
TEST(ThresholdChoiceTest, OnePassAgreesWithTryingEveryThreshold) {
  std::mt19937_64 generator(7);
  std::uniform_int_distribution<int> score_level(0, 40);  // many ties
  std::bernoulli_distribution churns(0.3);
  std::vector<double> scores(500);
  std::vector<std::uint8_t> labels(500);
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    labels[row_idx] = churns(generator) ? 1 : 0;
    scores[row_idx] = (score_level(generator) + 10 * labels[row_idx]) / 50.0;
  }
  double best_f1 = -1;
  double best_profit = 0;
  for (double threshold : std::set<double>(scores.begin(), scores.end())) {
    ConfusionMatrix confusion = ConfusionAt(scores, labels, threshold);
    best_f1 = std::max(best_f1, confusion.F1());
    best_profit = std::max(best_profit, ExpectedProfit(confusion, kDefaultEconomics));
  }
  ThresholdChoice by_f1 = MaxF1Threshold(scores, labels, kDefaultEconomics);
  EXPECT_DOUBLE_EQ(by_f1.f1, best_f1);
  ConfusionMatrix at_f1 = ConfusionAt(scores, labels, by_f1.threshold);
  EXPECT_EQ(at_f1.true_positives, by_f1.confusion.true_positives);
  EXPECT_EQ(at_f1.false_positives, by_f1.confusion.false_positives);
  ThresholdChoice by_profit = MaxProfitThreshold(scores, labels, kDefaultEconomics);
  EXPECT_DOUBLE_EQ(by_profit.expected_profit, best_profit);
  EXPECT_GT(by_profit.expected_profit, 0.0);
  EXPECT_DOUBLE_EQ(
      ExpectedProfit(ConfusionAt(scores, labels, by_profit.threshold), kDefaultEconomics),
      by_profit.expected_profit);
}

TEST(ThresholdChoiceTest, SingleClassThrowsInputError) {
  std::vector<double> scores = {0.9, 0.1};
  std::vector<std::uint8_t> churners = {1, 1};
  EXPECT_THROW(MaxF1Threshold(scores, churners, kDefaultEconomics), InputError);
  EXPECT_THROW(MaxProfitThreshold({}, {}, kDefaultEconomics), InputError);
}

}  // namespace
}  // namespace churn::metrics

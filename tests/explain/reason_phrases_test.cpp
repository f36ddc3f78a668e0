#include "explain/reason_phrases.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "errors/error.h"
#include "features/feature_registry.h"

namespace churn::explain {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> Phrases(const std::vector<Reason>& reasons) {
  std::vector<std::string> phrases;
  phrases.reserve(reasons.size());
  for (const Reason& reason : reasons) {
    phrases.push_back(reason.phrase);
  }
  return phrases;
}

TEST(ReasonPhrasesTest, DaysKeepOneDecimalBelowTenAndUseTheSingularForOne) {
  EXPECT_EQ(DescribeValue("days_since_last_visit", 23.4), "last visit 23 days ago");
  EXPECT_EQ(DescribeValue("days_since_last_visit", 2.46), "last visit 2.5 days ago");
  EXPECT_EQ(DescribeValue("days_since_last_visit", 3.0), "last visit 3 days ago");
  EXPECT_EQ(DescribeValue("days_since_last_visit", 1.0), "last visit 1 day ago");
  EXPECT_EQ(DescribeValue("days_since_last_visit", 9.97), "last visit 10 days ago");
  EXPECT_EQ(DescribeValue("gap_days_max", 45.0), "longest break between visits of 45 days");
}

TEST(ReasonPhrasesTest, CountsAreWholeNumbersWithoutThousandsSeparators) {
  EXPECT_EQ(DescribeValue("purchases", 3), "3 purchases");
  EXPECT_EQ(DescribeValue("purchases", 1), "1 purchase");
  EXPECT_EQ(DescribeValue("purchases", 0), "0 purchases");
  EXPECT_EQ(DescribeValue("clicks", 12345), "12345 clicks");
  EXPECT_EQ(DescribeValue("events_last_7d", 4), "4 actions in the last 7 days");
}

TEST(ReasonPhrasesTest, MoneyHasTwoDecimalsAndAChangeCarriesItsSign) {
  EXPECT_EQ(DescribeValue("total_spend", 1234.5), "spent 1234.50 in total");
  EXPECT_EQ(DescribeValue("avg_order_value", 45.204), "average order of 45.20");
  EXPECT_EQ(DescribeValue("spend_trend", -12.5),
            "spending -12.50 in the last 30 days against the 30 before");
  EXPECT_EQ(DescribeValue("spend_trend", 40),
            "spending +40.00 in the last 30 days against the 30 before");
  EXPECT_EQ(DescribeValue("spend_trend", -0.001),
            "spending 0.00 in the last 30 days against the 30 before")
      << "no sign on a change that rounds to nothing";
}

TEST(ReasonPhrasesTest, SharesArePercentagesAndRatiosPlainNumbers) {
  EXPECT_EQ(DescribeValue("conversion_rate", 0.12), "conversion rate of 12%");
  EXPECT_EQ(DescribeValue("conversion_rate", 0.025), "conversion rate of 2.5%");
  EXPECT_EQ(DescribeValue("weekend_share", 0), "0% of activity on weekends");
  EXPECT_EQ(DescribeValue("activity_trend_7d", 0.5),
            "last week's activity at 50% of the weekly average before");
  EXPECT_EQ(DescribeValue("purchases_per_day", 0.054),
            "0.05 purchases per day since the first visit");
  EXPECT_EQ(DescribeValue("engagement", 7.25), "7.3 actions per active day");
  EXPECT_EQ(DescribeValue("avg_session_time", 4.5), "average visit of 4.5 minutes");
}

TEST(ReasonPhrasesTest, FlagsReadAsWordsForEitherValue) {
  EXPECT_EQ(DescribeValue("is_buyer", 1), "has bought before");
  EXPECT_EQ(DescribeValue("is_buyer", 0), "has never bought");
  EXPECT_EQ(DescribeValue("days_bin_long", 1), "last visit over a month ago");
  EXPECT_EQ(DescribeValue("days_bin_recent", 0), "no visit in the last week");
}

TEST(ReasonPhrasesTest, AMissingValueReadsAsUnknown) {
  EXPECT_EQ(DescribeValue("days_since_last_visit", kMissing), "days since the last visit: unknown");
  EXPECT_EQ(DescribeValue("is_buyer", kMissing), "bought at least once: unknown");
  EXPECT_EQ(DescribeValue("loyalty_tier", kMissing), "loyalty_tier: unknown");
}

TEST(ReasonPhrasesTest, UnknownFeaturesGetAGenericPhrase) {
  EXPECT_EQ(DescribeValue("loyalty_tier", 3), "loyalty_tier = 3");
  EXPECT_EQ(DescribeValue("loyalty_tier", 0.25), "loyalty_tier = 0.25");
}

TEST(ReasonPhrasesTest, EveryRegisteredFeatureHasAPhraseWithItsValueFilledIn) {
  for (const features::FeatureSpec& spec : features::FeatureRegistry()) {
    for (double value : {0.0, 1.0, 2.0, 37.5}) {
      std::string phrase = DescribeValue(spec.name, value);
      EXPECT_FALSE(phrase.empty()) << spec.name;
      EXPECT_EQ(phrase.find('{'), std::string::npos) << spec.name << ": " << phrase;
      EXPECT_FALSE(phrase.starts_with(std::string(spec.name) + " = "))
          << "generic phrase for " << spec.name;
    }
  }
}

TEST(ReasonRankingTest, RanksByAbsoluteShapInBothDirections) {
  const std::vector<std::string> names = {"purchases", "days_since_last_visit", "is_buyer",
                                          "total_spend"};
  const std::vector<float> values = {3, 23, 1, 120};
  const std::vector<float> shap = {-0.8F, 1.2F, -0.1F, 0.3F};
  std::vector<Reason> reasons = TopReasons(names, values, shap, 3);
  EXPECT_THAT(Phrases(reasons), ::testing::ElementsAre("last visit 23 days ago (raises risk)",
                                                       "3 purchases (lowers risk)",
                                                       "spent 120.00 in total (raises risk)"));
  ASSERT_EQ(reasons.size(), 3U);
  EXPECT_EQ(reasons[0].feature, "days_since_last_visit");
  EXPECT_DOUBLE_EQ(reasons[0].value, 23);
  EXPECT_DOUBLE_EQ(reasons[0].shap, 1.2F);
  EXPECT_TRUE(reasons[0].raises_risk);
  EXPECT_EQ(reasons[1].feature, "purchases");
  EXPECT_DOUBLE_EQ(reasons[1].shap, -0.8F);
  EXPECT_FALSE(reasons[1].raises_risk);
}

TEST(ReasonRankingTest, TiesKeepColumnOrder) {
  const std::vector<std::string> names = {"n_sessions", "purchases", "clicks"};
  const std::vector<float> values = {4, 2, 10};
  const std::vector<float> shap = {0.5F, -0.5F, 0.5F};
  EXPECT_THAT(Phrases(TopReasons(names, values, shap, 3)),
              ::testing::ElementsAre("4 visits (raises risk)", "2 purchases (lowers risk)",
                                     "10 clicks (raises risk)"));
}

TEST(ReasonRankingTest, ACountBeyondTheFeaturesGivesEveryNonZeroContribution) {
  const std::vector<std::string> names = {"purchases", "is_buyer", "n_sessions", "clicks"};
  const std::vector<float> values = {0, 0, 1, 5};
  const std::vector<float> shap = {0.0F, 0.4F, -0.0F, -0.2F};
  EXPECT_THAT(Phrases(TopReasons(names, values, shap, 10)),
              ::testing::ElementsAre("has never bought (raises risk)", "5 clicks (lowers risk)"));
  EXPECT_TRUE(TopReasons(names, values, std::vector<float>(4, 0.0F), 10).empty());
  EXPECT_TRUE(TopReasons(names, values, shap, 0).empty());
}

TEST(ReasonRankingTest, UnknownNamesAndMissingValuesStillGiveReasons) {
  const std::vector<std::string> names = {"loyalty_tier", "days_since_last_purchase"};
  const std::vector<float> values = {2, std::numeric_limits<float>::quiet_NaN()};
  const std::vector<float> shap = {-0.3F, 0.6F};
  std::vector<Reason> reasons = TopReasons(names, values, shap, 2);
  EXPECT_THAT(Phrases(reasons),
              ::testing::ElementsAre("days since the last purchase: unknown (raises risk)",
                                     "loyalty_tier = 2 (lowers risk)"));
  ASSERT_EQ(reasons.size(), 2U);
  EXPECT_TRUE(std::isnan(reasons[0].value));
}

TEST(ReasonRankingTest, SpansOfDifferentLengthsAreABug) {
  const std::vector<std::string> names = {"purchases", "clicks"};
  const std::vector<float> values = {1, 2};
  const std::vector<float> shap = {0.1F};
  EXPECT_THROW(TopReasons(names, values, shap, 2), InternalError);
}

}  // namespace
}  // namespace churn::explain

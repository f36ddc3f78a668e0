#include "scoring/customer_values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "scoring/scoring_files.h"
#include "testing/temp_dir.h"

namespace churn::scoring {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::HasSubstr;

// Customers of a shop in days: many buy once, a steady share buy again.
features::CustomerBase Shop(std::vector<features::PurchaseHistory>* scored) {
  features::CustomerBase base;
  for (int idx = 0; idx < 600; ++idx) {
    double age = 20 + idx % 100;
    double frequency = idx % 3 == 0 ? 0 : 1 + idx % 5;
    double recency = frequency > 0 ? age - 1 - idx % 17 : 0;
    double monetary = frequency > 0 ? 10.0 + idx % 23 : 0;
    features::PurchaseHistory history{.frequency = frequency,
                                      .recency = std::max(0.0, recency),
                                      .age = age,
                                      .monetary = monetary};
    base.Add(history);
    if (idx < 3) {
      scored->push_back(history);
    }
  }
  base.Finish();
  scored->push_back({});  // a visitor who never bought
  return base;
}

TEST(CustomerValuesTest, ValueAtRiskIsTheProbabilityTimesTheExpectedValue) {
  std::vector<features::PurchaseHistory> scored;
  features::CustomerBase base = Shop(&scored);
  std::vector<double> probabilities = {0.5, 0.25, 1.0, 0.9};
  ScoredValues values =
      ValueScoredUsers(base, scored, probabilities, "2020-02-01", value::ValueConfig(), 2);
  ASSERT_TRUE(values.model) << values.why_not;
  EXPECT_EQ(values.model->customers, 600);
  ASSERT_EQ(values.users.size(), 4U);
  for (std::size_t row = 0; row < 3; ++row) {
    EXPECT_GT(values.users[row].expected_value, 0) << row;
    EXPECT_DOUBLE_EQ(values.value_at_risk[row],
                     probabilities[row] * values.users[row].expected_value);
  }
  EXPECT_TRUE(std::isnan(values.users[3].p_alive)) << "no customer: no P(alive)";
  EXPECT_EQ(values.value_at_risk[3], 0);

  std::vector<std::string> bands = {"high", "low"};
  std::vector<std::string_view> band_of_row = {"high", "low", "high", "high"};
  nlohmann::json summary = ValueSummaryJson(values, bands, band_of_row);
  EXPECT_EQ(summary["available"], true);
  EXPECT_EQ(summary["customers"], 3);
  EXPECT_EQ(summary["rank_by"], "probability");
  double high = values.value_at_risk[0] + values.value_at_risk[2] + values.value_at_risk[3];
  EXPECT_DOUBLE_EQ(summary["by_band"][0]["value_at_risk"].get<double>(), high);
  EXPECT_EQ(summary["by_band"][0]["users"], 3);
  EXPECT_DOUBLE_EQ(summary["by_band"][1]["value_at_risk"].get<double>(), values.value_at_risk[1]);
  EXPECT_DOUBLE_EQ(summary["value_at_risk"].get<double>(), high + values.value_at_risk[1]);

  TempDir folder;
  std::vector<std::string> ids = {"9", "30", "4", "100"};  // the SHAP store's order: by id
  WriteCustomerValues(folder.path() / kCustomerValuesFile, ids, values);
  std::string text = ReadTextFile(folder.path() / kCustomerValuesFile);
  EXPECT_THAT(text, ::testing::StartsWith(
                        "user_id,p_alive,expected_purchases,expected_value,value_at_risk\n100,,0,0,"
                        "0\n30,"));
  EXPECT_LT(text.find("\n30,"), text.find("\n4,"));
  EXPECT_LT(text.find("\n4,"), text.find("\n9,"));
}

TEST(CustomerValuesTest, WithoutAModelTheScoringGoesOnUnlessRankingByValue) {
  features::CustomerBase empty;
  empty.Finish();
  std::vector<features::PurchaseHistory> scored(2);
  std::vector<double> probabilities = {0.5, 0.25};
  ScoredValues values =
      ValueScoredUsers(empty, scored, probabilities, "2020-02-01", value::ValueConfig(), 1);
  EXPECT_FALSE(values.model);
  EXPECT_THAT(values.why_not, HasSubstr("no customer bought anything"));
  nlohmann::json summary = ValueSummaryJson(values, {}, {});
  EXPECT_EQ(summary["available"], false);
  EXPECT_THAT(summary["why_not"].get<std::string>(), HasSubstr("no customer"));

  value::ValueConfig by_value;
  by_value.rank_by = value::RankBy::kValueAtRisk;
  try {
    ValueScoredUsers(empty, scored, probabilities, "2020-02-01", by_value, 1);
    FAIL() << "ranking by value at risk without values must throw";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("cannot rank by value at risk: no customer"));
  }
}

}  // namespace
}  // namespace churn::scoring

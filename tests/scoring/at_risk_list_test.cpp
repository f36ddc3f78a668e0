#include "scoring/at_risk_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "testing/temp_dir.h"

namespace churn::scoring {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(AtRiskListTest, RiskiestFirstTiesByUserId) {
  std::vector<double> probabilities = {0.2, 0.9, 0.5, 0.9};
  std::vector<std::string> ids = {"a", "d", "b", "c"};
  EXPECT_THAT(RiskOrder(probabilities, ids), ElementsAre(3, 1, 2, 0));
}

TEST(AtRiskListTest, EveryUserWithBandFlagAndThreeReasons) {
  dataset::LabelledRows rows;
  rows.features.names = {"days_since_last_event", "n_purchases"};
  rows.features.values = {30.0F, 0.0F, 2.0F, 5.0F};
  rows.user_ids = {"low,user", "high_user"};
  rows.cutoffs = {"2020-02-01", "2020-02-01"};
  rows.churned = {0, 0};
  std::vector<double> probabilities = {0.1, 0.8};
  // Per row: one SHAP value per feature, then the base value.
  std::vector<float> shap = {0.5F, -0.2F, -1.0F, 1.2F, 0.0F, -1.0F};
  model::ModelBundle bundle;
  bundle.threshold = 0.5;
  bundle.features = rows.features.names;
  TempDir folder;
  std::filesystem::path path = folder.path() / "at_risk.csv";
  ScoredValues no_values;  // no value model: the value cells stay empty
  WriteAtRiskList(path, "2020-02-01",
                  {.rows = rows, .probabilities = probabilities, .shap = shap, .values = no_values},
                  RiskOrder(probabilities, rows.user_ids), bundle);
  std::string text = ReadTextFile(path);
  EXPECT_THAT(text, StartsWith("user_id,as_of,probability,band,flagged,p_alive,expected_purchases,"
                               "expected_value,value_at_risk,reason_1,reason_2,"
                               "reason_3\nhigh_user,2020-02-01,0.8,high,1,,,,,"));
  EXPECT_THAT(text, HasSubstr("\n\"low,user\",2020-02-01,0.1,low,0,,,,,"))
      << "a comma in an id is quoted";
  EXPECT_THAT(text, HasSubstr("(raises risk)"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

// Values as a value model gives them: the second user never bought.
ScoredValues ValuesOf(std::vector<value::CustomerValue> users, std::vector<double> at_risk,
                      value::RankBy rank_by) {
  ScoredValues values;
  values.model = value::ValueModel();
  values.users = std::move(users);
  values.value_at_risk = std::move(at_risk);
  values.rank_by = rank_by;
  return values;
}

TEST(AtRiskListTest, RankedByValueAtRiskThenProbabilityThenId) {
  std::vector<double> probabilities = {0.2, 0.9, 0.5, 0.9};
  std::vector<std::string> ids = {"a", "d", "b", "c"};
  std::vector<value::CustomerValue> users(4);
  ScoredValues by_value = ValuesOf(users, {40.0, 0.0, 40.0, 45.0}, value::RankBy::kValueAtRisk);
  EXPECT_THAT(ListOrder(probabilities, by_value, ids), ElementsAre(3, 2, 0, 1))
      << "equal value at risk: the riskier first";
  ScoredValues by_risk = ValuesOf(users, {40.0, 0.0, 40.0, 45.0}, value::RankBy::kProbability);
  EXPECT_THAT(ListOrder(probabilities, by_risk, ids), ElementsAre(3, 1, 2, 0));
  ScoredValues without_model;
  without_model.rank_by = value::RankBy::kValueAtRisk;
  EXPECT_THAT(ListOrder(probabilities, without_model, ids), ElementsAre(3, 1, 2, 0));
}

TEST(AtRiskListTest, ValueCellsAreEmptyForAUserWhoNeverBought) {
  dataset::LabelledRows rows;
  rows.features.names = {"n_purchases"};
  rows.features.values = {3.0F, 0.0F};
  rows.user_ids = {"buyer", "visitor"};
  rows.cutoffs = {"2020-02-01", "2020-02-01"};
  rows.churned = {0, 0};
  std::vector<double> probabilities = {0.25, 0.75};
  std::vector<float> shap = {0.5F, 0.0F, 1.0F, 0.0F};
  value::CustomerValue buyer{
      .p_alive = 0.5, .expected_purchases = 2, .expected_spend = 20, .expected_value = 40};
  ScoredValues values =
      ValuesOf({buyer, value::CustomerValue()}, {10.0, 0.0}, value::RankBy::kValueAtRisk);
  model::ModelBundle bundle;
  bundle.threshold = 0.5;
  bundle.features = rows.features.names;
  TempDir folder;
  std::filesystem::path path = folder.path() / "at_risk.csv";
  WriteAtRiskList(path, "2020-02-01",
                  {.rows = rows, .probabilities = probabilities, .shap = shap, .values = values},
                  ListOrder(probabilities, values, rows.user_ids), bundle);
  std::string text = ReadTextFile(path);
  EXPECT_THAT(text, HasSubstr("\nbuyer,2020-02-01,0.25,medium,0,0.5,2,40,10,"));
  EXPECT_THAT(text, HasSubstr("\nvisitor,2020-02-01,0.75,high,1,,0,0,0,"));
  EXPECT_LT(text.find("\nbuyer,"), text.find("\nvisitor,")) << "ranked by value at risk";
}

}  // namespace
}  // namespace churn::scoring

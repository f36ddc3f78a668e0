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
  WriteAtRiskList(path, "2020-02-01", rows, probabilities, shap,
                  RiskOrder(probabilities, rows.user_ids), bundle);
  std::string text = ReadTextFile(path);
  EXPECT_THAT(text, StartsWith("user_id,as_of,probability,band,flagged,reason_1,reason_2,"
                               "reason_3\nhigh_user,2020-02-01,0.8,high,1,"));
  EXPECT_THAT(text, HasSubstr("\n\"low,user\",2020-02-01,0.1,low,0,"))
      << "a comma in an id is quoted";
  EXPECT_THAT(text, HasSubstr("(raises risk)"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
}

}  // namespace
}  // namespace churn::scoring

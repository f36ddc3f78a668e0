#include "training/training_provenance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>

#include "dataset/artifact_lineage.h"
#include "report/report_config.h"
#include "testing/temp_dir.h"

namespace churn::training {
namespace {

TEST(TrainingProvenanceTest, TheInputsAreTheTablesFingerprints) {
  churn::testing::TempDir folder;
  auto path = churn::testing::WriteTextFile(folder / "t.csv", "123456789");
  nlohmann::json provenance = TrainingProvenance(model::TrainingConfig(), report::ReportConfig(),
                                                 dataset::FileFingerprints({path}), "9.9.9");
  ASSERT_EQ(provenance["inputs"].size(), 1U);
  EXPECT_EQ(provenance["inputs"][0]["bytes"], 9);
  EXPECT_EQ(provenance["inputs"][0]["crc32"], "cbf43926") << "the CRC-32 check value";
}

TEST(TrainingProvenanceTest, CreationTimeIsUtcAndVersionsAreNamed) {
  setenv("TZ", "America/New_York", 1);
  auto utc_hour = [] {
    std::time_t now = std::time(nullptr);
    std::tm utc = *std::gmtime(&now);
    char hour[3];
    std::strftime(hour, sizeof(hour), "%H", &utc);
    return std::string(hour);
  };
  std::string before = utc_hour();
  nlohmann::json provenance = TrainingProvenance(model::TrainingConfig(), report::ReportConfig(),
                                                 nlohmann::json::array(), "9.9.9");
  std::string created = provenance["created_at"];
  std::string after = utc_hour();
  EXPECT_THAT(created, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"));
  EXPECT_THAT(created.substr(11, 2), ::testing::AnyOf(before, after))
      << "the hour in UTC, not New York's";
  EXPECT_TRUE(provenance["versions"].contains("xgboost"));
  EXPECT_EQ(provenance["versions"]["churn_radar"], "9.9.9");
  EXPECT_EQ(provenance["config"]["candidates"].size(), 3U);
  unsetenv("TZ");
}

TEST(TrainingProvenanceTest, TheConfigHoldsEverySettingOfTheTrainSection) {
  model::TrainingConfig train;
  train.xgboost.rounds = 123;
  report::ReportConfig report;
  report.threshold_rule = report::ThresholdRule::kMaxProfit;
  report.campaign.contact_cost = 2.5;
  nlohmann::json config = TrainingConfigJson(train, report);
  EXPECT_EQ(config["candidates"], nlohmann::json({"xgboost", "xgboost_leafwise", "logreg"}));
  EXPECT_EQ(config["selection_metric"], "pr_auc");
  EXPECT_EQ(config["threshold"], "max_profit");
  EXPECT_EQ(config["calibration"], "platt");
  EXPECT_EQ(config["validation_share"], 0.2);
  EXPECT_EQ(config["bootstrap_resamples"], 200);
  EXPECT_EQ(config["seed"], 42);
  EXPECT_EQ(config["threads"], 0);
  EXPECT_EQ(config["campaign"]["contact_cost"], 2.5);
  EXPECT_EQ(config["xgboost"]["rounds"], 123);
  EXPECT_EQ(config["xgboost"].size(), 10U);
  EXPECT_EQ(config["xgboost_leafwise"]["max_leaves"], 31);
  EXPECT_EQ(config["logreg"]["max_iterations"], 500);
  EXPECT_EQ(config["refit"], true);
  EXPECT_EQ(config["backtest"], true);
  EXPECT_EQ(config.size(), 17U);
}

}  // namespace
}  // namespace churn::training

#include "dataset/feature_tables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "demo/demo_log_generator.h"
#include "errors/error.h"
#include "events/event_time.h"
#include "features/user_features.h"
#include "testing/temp_dir.h"

namespace churn::dataset {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;

// Three months of the demo shop: snapshots at 2019-11-01 and 2019-12-01.
void WriteDemoLogs(const std::filesystem::path& folder) {
  demo::DemoConfig config;
  config.users = 300;
  config.months = 3;
  config.start = events::YearMonth(2019, 10);
  config.seed = 11;
  config.threads = 1;
  demo::GenerateDemoLogs(config, folder);
}

features::FeatureConfig Settings() {
  features::FeatureConfig config;
  config.threads = 2;
  config.churn.cohort_active_days = 30;
  return config;
}

std::int64_t LineCount(const std::filesystem::path& path) {
  std::string text = ReadTextFile(path);
  return std::count(text.begin(), text.end(), '\n');
}

TEST(FeatureTablesTest, TheLatestSnapshotTestsOutOfTime) {
  TempDir folder;
  WriteDemoLogs(folder / "raw");
  OutputLayout output = OutputLayout::Under(folder.path());
  FeatureTablesOutcome outcome = BuildFeatureTables(Settings(), (folder / "raw").string(), output);

  EXPECT_EQ(outcome.split, "out_of_time");
  ASSERT_EQ(outcome.snapshots.size(), 2U);
  EXPECT_EQ(outcome.snapshots[0].cutoff, "2019-11-01");
  EXPECT_FALSE(outcome.snapshots[0].test);
  EXPECT_EQ(outcome.snapshots[1].cutoff, "2019-12-01");
  EXPECT_TRUE(outcome.snapshots[1].test);
  EXPECT_GT(outcome.train_rows, 0);
  EXPECT_EQ(outcome.train_rows, outcome.snapshots[0].users);
  EXPECT_EQ(outcome.test_rows, outcome.snapshots[1].users);
  EXPECT_EQ(outcome.test_churned, outcome.snapshots[1].churned);
  EXPECT_EQ(outcome.files.size(), 3U);
  EXPECT_EQ(LineCount(output.data_dir / kProcessedTrainFile), outcome.train_rows + 1);
  EXPECT_EQ(LineCount(output.data_dir / kProcessedTestFile), outcome.test_rows + 1);
  EXPECT_EQ(ReadFeatureColumns(output.models_dir / kFeatureColumnsFile).names,
            features::FeatureNames());
}

TEST(FeatureTablesTest, TheReportRecordsTheConfigBehindTheRun) {
  TempDir folder;
  WriteDemoLogs(folder / "raw");
  OutputLayout output = OutputLayout::Under(folder.path());
  FeatureTablesOutcome outcome = BuildFeatureTables(Settings(), (folder / "raw").string(), output);
  nlohmann::json report =
      nlohmann::json::parse(ReadTextFile(output.data_dir / kFeaturesReportFile));
  EXPECT_EQ(report["config"]["churn"]["cohort_active_days"], 30);
  EXPECT_EQ(report["config"]["churn"]["qualifying_event"], "any");
  EXPECT_EQ(report["config"]["on_bad_row"], "stop");
  EXPECT_EQ(report["config"]["columns"]["user_id"], "user_id");
  EXPECT_EQ(report["config"]["layout"], "rees46");
  EXPECT_EQ(report["config"]["churn"]["cutoffs"], nlohmann::json::array());
  EXPECT_EQ(report["split"], "out_of_time");
  EXPECT_EQ(report["events"], outcome.events);
  ASSERT_EQ(report["snapshots"].size(), 2U);
  EXPECT_EQ(report["snapshots"][1]["role"], "test");
  EXPECT_EQ(report["snapshots"][1]["users"], outcome.test_rows);
}

TEST(FeatureTablesTest, ASingleSnapshotHoldsOutUsersByLabel) {
  TempDir folder;
  WriteDemoLogs(folder / "raw");
  features::FeatureConfig config = Settings();
  config.churn.cutoffs = {*events::ParseEventTime("2019-11-01 00:00:00 UTC")};
  config.test_share = 0.25;
  FeatureTablesOutcome outcome =
      BuildFeatureTables(config, (folder / "raw").string(), OutputLayout::Under(folder.path()));
  EXPECT_EQ(outcome.split, "stratified_users");
  ASSERT_EQ(outcome.snapshots.size(), 1U);
  std::int64_t users = outcome.snapshots[0].users;
  EXPECT_EQ(outcome.train_rows + outcome.test_rows, users);
  EXPECT_NEAR(static_cast<double>(outcome.test_rows), 0.25 * static_cast<double>(users), 2.0);
}

TEST(FeatureTablesTest, LogsTooShortFailBeforeAnythingIsWritten) {
  TempDir folder;
  churn::testing::WriteTextFile(folder / "raw" / "2019-Oct.csv",
                                "event_time,event_type,product_id,category_id,category_code,"
                                "brand,price,user_id,user_session\n");
  OutputLayout output = OutputLayout::Under(folder.path());
  EXPECT_THROW(BuildFeatureTables(Settings(), (folder / "raw").string(), output), InputError);
  EXPECT_FALSE(std::filesystem::exists(output.data_dir / kProcessedTrainFile));
  EXPECT_FALSE(std::filesystem::exists(output.data_dir / kFeaturesReportFile));
}

}  // namespace
}  // namespace churn::dataset

#include "features/user_features.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "events/event_time.h"
#include "features/feature_registry.h"
#include "testing/temp_dir.h"
#include "two_month_logs.h"

namespace churn::features {
namespace {

using churn::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

FeatureConfig OneThread() {
  FeatureConfig config;
  config.threads = 1;
  return config;
}

TEST(UserFeaturesTest, FeatureNamesFollowTheRegistry) {
  std::vector<std::string> names = FeatureNames();
  ASSERT_EQ(names.size(), FeatureRegistry().size());
  EXPECT_EQ(names.front(), FeatureRegistry().front().name);
}

TEST(UserFeaturesTest, TheCohortAsOfTheMidnightAfterTheLastEvent) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  CutoffRows rows =
      ComputeCutoffRows(OneThread(), folder.path().string(), std::nullopt, 100.0, folder.path());
  EXPECT_EQ(rows.cutoff, "2019-12-01");
  EXPECT_THAT(rows.user_ids, UnorderedElementsAre("1", "3"))
      << "user 2 has no event in the 30 days before the cutoff";
  EXPECT_EQ(rows.span.first, events::ParseEventTime("2019-10-05 10:00:00 UTC"));
  EXPECT_EQ(rows.span.last, events::ParseEventTime("2019-11-30 18:00:00 UTC"));
}

TEST(UserFeaturesTest, EveryUserAtACutoffWithWhatHappenedAfter) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  CutoffRows rows =
      ComputeCutoffRows(OneThread(), folder.path().string(), "2019-11-01", 100.0, folder.path());
  EXPECT_EQ(rows.cutoff, "2019-11-01");
  ASSERT_THAT(rows.user_ids, UnorderedElementsAre("1", "2"))
      << "user 3 has no event before the cutoff";
  std::size_t user_2 = rows.user_ids[0] == "2" ? 0 : 1;
  EXPECT_EQ(rows.churned[user_2], 1);
  EXPECT_EQ(rows.churned[1 - user_2], 0);
  EXPECT_EQ(rows.values.size(), 2 * rows.names.size());
}

TEST(UserFeaturesTest, OneUserGetsTheSameRowAsInTheWholeTable) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  CutoffRows rows =
      ComputeCutoffRows(OneThread(), folder.path().string(), "2019-11-01", 100.0, folder.path());
  UserFeatures user = ComputeUserFeatures(OneThread(), folder.path().string(), "2", "2019-11-01",
                                          100.0, folder.path());
  EXPECT_EQ(user.cutoff, "2019-11-01");
  ASSERT_EQ(user.values.size(), rows.names.size());
  for (std::size_t col = 0; col < rows.names.size(); ++col) {
    std::size_t user_2 = rows.user_ids[0] == "2" ? 0 : 1;
    EXPECT_EQ(static_cast<float>(user.values[col]), rows.values[user_2 * rows.names.size() + col])
        << rows.names[col];
  }
}

TEST(UserFeaturesTest, AUserWithoutARowAtTheCutoffIsAnError) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  EXPECT_THAT(
      [&] {
        ComputeUserFeatures(OneThread(), folder.path().string(), "3", "2019-11-01", 100.0,
                            folder.path());
      },
      ::testing::ThrowsMessage<InputError>(HasSubstr("user '3' has no row at 2019-11-01")));
  UserFeatures now = ComputeUserFeatures(OneThread(), folder.path().string(), "3", std::nullopt,
                                         100.0, folder.path());
  EXPECT_EQ(now.cutoff, "2019-12-01") << "the default: as of the midnight after the last event";
}

}  // namespace
}  // namespace churn::features

#include "features/snapshot_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "events/year_month.h"

namespace churn::features {
namespace {

using events::YearMonth;

std::vector<std::string> Cutoffs(const SnapshotPlan& plan) {
  std::vector<std::string> dates;
  for (const Snapshot& snapshot : plan.snapshots) {
    dates.push_back(snapshot.CutoffDate());
  }
  return dates;
}

TEST(SnapshotPlanTest, FourMonthsGiveThreeMonthlySnapshots) {
  SnapshotPlan plan = PlanSnapshots(ChurnDefinition(), YearMonth(2019, 10).FirstSecond(),
                                    YearMonth(2020, 1).EndSecond());
  EXPECT_THAT(Cutoffs(plan), ::testing::ElementsAre("2019-11-01", "2019-12-01", "2020-01-01"));
  const Snapshot& last = plan.snapshots.back();
  EXPECT_EQ(last.label_end, YearMonth(2020, 2).FirstSecond());
  EXPECT_EQ(last.observation_start, YearMonth(2019, 10).FirstSecond()) << "all history by default";
  ASSERT_EQ(plan.skipped.size(), 1U);
  EXPECT_THAT(plan.skipped[0].reason, ::testing::HasSubstr("past the end of the logs"));
}

TEST(SnapshotPlanTest, TwoMonthsGiveOneSnapshotNotTwo) {
  SnapshotPlan plan = PlanSnapshots(ChurnDefinition(), YearMonth(2019, 10).FirstSecond(),
                                    YearMonth(2019, 11).EndSecond());
  EXPECT_THAT(Cutoffs(plan), ::testing::ElementsAre("2019-11-01"));
  EXPECT_EQ(plan.skipped.size(), 1U);
}

TEST(SnapshotPlanTest, ConfiguredWindowsAndCutoffsAreHonouredAndCheckedAgainstTheLogs) {
  ChurnDefinition churn;
  churn.observation_days = 30;
  churn.label_days = 14;
  churn.cohort_active_days = 7;
  std::int64_t start = YearMonth(2019, 10).FirstSecond();
  std::int64_t end = YearMonth(2019, 11).EndSecond();
  std::int64_t day = 86400;
  churn.cutoffs = {start, start + 20 * day, end - 10 * day};
  SnapshotPlan plan = PlanSnapshots(churn, start, end);
  ASSERT_EQ(plan.snapshots.size(), 1U);
  const Snapshot& snapshot = plan.snapshots[0];
  EXPECT_EQ(snapshot.cutoff, start + 20 * day);
  EXPECT_EQ(snapshot.observation_start, start) << "clipped to the start of the logs";
  EXPECT_EQ(snapshot.label_end, start + 34 * day);
  EXPECT_EQ(snapshot.cohort_start, start + 13 * day);
  ASSERT_EQ(plan.skipped.size(), 2U);
  EXPECT_THAT(plan.skipped[0].reason, ::testing::HasSubstr("no history before it"));
  EXPECT_THAT(plan.skipped[1].reason, ::testing::HasSubstr("past the end of the logs"));
}

}  // namespace
}  // namespace churn::features

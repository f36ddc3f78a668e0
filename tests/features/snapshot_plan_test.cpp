#include "features/snapshot_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "events/event_time.h"
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

TEST(SnapshotPlanTest, AStepAddsCutoffsBackFromTheMonthlyTestCutoff) {
  ChurnDefinition churn;
  churn.snapshot_step_days = 14;
  churn.label_days = 30;
  SnapshotPlan plan =
      PlanSnapshots(churn, YearMonth(2019, 10).FirstSecond(), YearMonth(2019, 12).EndSecond());
  // The test stays on 1 December (its 30 days end on 31 December); the
  // latest training cutoff is 30 days before it, whose labels end on 1
  // December, and the others step back by 14 days from there.
  EXPECT_THAT(Cutoffs(plan),
              ::testing::ElementsAre("2019-10-04", "2019-10-18", "2019-11-01", "2019-12-01"));
  EXPECT_TRUE(plan.skipped.empty());
  for (std::size_t idx = 0; idx + 1 < plan.snapshots.size(); ++idx) {
    EXPECT_LE(plan.snapshots[idx].label_end, plan.snapshots.back().cutoff);
  }
}

TEST(SnapshotPlanTest, AStepWithMonthlyLabelsKeepsTheMonthBeforeTheTest) {
  ChurnDefinition churn;
  churn.snapshot_step_days = 7;
  SnapshotPlan plan =
      PlanSnapshots(churn, YearMonth(2019, 10).FirstSecond(), YearMonth(2019, 12).EndSecond());
  EXPECT_THAT(Cutoffs(plan), ::testing::ElementsAre("2019-10-04", "2019-10-11", "2019-10-18",
                                                    "2019-10-25", "2019-11-01", "2019-12-01"));
  EXPECT_EQ(plan.snapshots[4].label_end, plan.snapshots[5].cutoff);
}

TEST(SnapshotPlanTest, AMidMonthCutoffLabelsOnTheNextMonthToTheSameDay) {
  ChurnDefinition churn;
  std::int64_t start = YearMonth(2019, 10).FirstSecond();
  churn.cutoffs = {start + 45 * 86400};  // 2019-11-15
  SnapshotPlan plan = PlanSnapshots(churn, start, YearMonth(2020, 1).EndSecond());
  ASSERT_EQ(plan.snapshots.size(), 1U);
  EXPECT_EQ(plan.snapshots[0].CutoffDate(), "2019-11-15");
  EXPECT_EQ(plan.snapshots[0].label_end, start + 75 * 86400) << "2019-12-15";
}

TEST(SnapshotPlanTest, TrainingLabelsNeverReachIntoTheTestPeriod) {
  ChurnDefinition churn;
  churn.label_days = 45;  // longer than the month between cutoffs
  SnapshotPlan plan =
      PlanSnapshots(churn, YearMonth(2019, 10).FirstSecond(), YearMonth(2020, 3).EndSecond());
  ASSERT_GE(plan.snapshots.size(), 2U);
  std::int64_t test_cutoff = plan.snapshots.back().cutoff;
  for (std::size_t snapshot_idx = 0; snapshot_idx + 1 < plan.snapshots.size(); ++snapshot_idx) {
    EXPECT_LE(plan.snapshots[snapshot_idx].label_end, test_cutoff);
  }
  bool named = false;
  for (const SkippedCutoff& skipped : plan.skipped) {
    named = named || skipped.reason.find("past the test cutoff") != std::string::npos;
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace churn::features

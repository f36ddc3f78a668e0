#include "training/training_rows.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

namespace churn::training {
namespace {

// Two users a snapshot, one churned: every snapshot holds both classes.
dataset::LabelledRows RowsAt(const std::vector<std::string>& cutoffs) {
  dataset::LabelledRows rows;
  rows.features.names = {"days_since_last_visit"};
  for (const std::string& cutoff : cutoffs) {
    for (std::uint8_t churned : {std::uint8_t{0}, std::uint8_t{1}}) {
      rows.features.values.push_back(churned != 0 ? 20.0F : 2.0F);
      rows.user_ids.push_back(fmt::format("{}-{}", cutoff, churned));
      rows.cutoffs.push_back(cutoff);
      rows.churned.push_back(churned);
    }
  }
  return rows;
}

std::set<std::string> CutoffsOf(const dataset::LabelledRows& rows) {
  return {rows.cutoffs.begin(), rows.cutoffs.end()};
}

TEST(TrainingRowsTest, TheLatestSnapshotValidatesAndTheFitEndsItsLabelsBeforeIt) {
  // Snapshots every two weeks with 30-day labels: 18 October labels until 17
  // November, over the validation snapshot's days; 4 October until 3
  // November, before them.
  dataset::FeatureColumns columns;
  columns.snapshots = {
      {"2019-10-04", "2019-11-03"}, {"2019-10-18", "2019-11-17"}, {"2019-11-03", "2019-12-03"}};
  TrainingRows rows = SplitTrainingRows({}, RowsAt({"2019-10-04", "2019-10-18", "2019-11-03"}),
                                        RowsAt({"2019-12-03"}), columns);
  EXPECT_EQ(rows.validation_method, "latest_snapshot");
  EXPECT_THAT(CutoffsOf(rows.validation), ::testing::ElementsAre("2019-11-03"));
  EXPECT_THAT(CutoffsOf(rows.fit), ::testing::ElementsAre("2019-10-04"));
  EXPECT_EQ(rows.train.size(), 6U) << "the refit still learns from every training row";
}

TEST(TrainingRowsTest, WhenNothingElseIsLeftTheOverlappingFitStays) {
  dataset::FeatureColumns columns;
  columns.snapshots = {{"2019-10-18", "2019-11-17"}, {"2019-11-03", "2019-12-03"}};
  TrainingRows rows =
      SplitTrainingRows({}, RowsAt({"2019-10-18", "2019-11-03"}), RowsAt({"2019-12-03"}), columns);
  EXPECT_THAT(CutoffsOf(rows.fit), ::testing::ElementsAre("2019-10-18"));
}

TEST(TrainingRowsTest, MonthlySnapshotsFitOnEveryEarlierOne) {
  dataset::FeatureColumns columns;
  columns.snapshots = {{"2019-11-01", "2019-12-01"}, {"2019-12-01", "2020-01-01"}};
  TrainingRows rows =
      SplitTrainingRows({}, RowsAt({"2019-11-01", "2019-12-01"}), RowsAt({"2020-01-01"}), columns);
  EXPECT_THAT(CutoffsOf(rows.fit), ::testing::ElementsAre("2019-11-01"));
  EXPECT_THAT(CutoffsOf(rows.test), ::testing::ElementsAre("2020-01-01"));
}

}  // namespace
}  // namespace churn::training

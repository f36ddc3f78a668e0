#include "dataset/time_split.h"

#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::dataset {
namespace {

TEST(TimeSplitTest, SeveralSnapshotsTestOnTheLatestOnly) {
  TimeSplit split(3, 0.2, 1);
  EXPECT_EQ(split.kind(), SplitKind::kOutOfTime);
  EXPECT_EQ(split.train_snapshots(), 2U);
  EXPECT_FALSE(split.IsTest(0, 5));
  EXPECT_FALSE(split.IsTest(1, 5));
  EXPECT_TRUE(split.IsTest(2, 5));
  EXPECT_EQ(SplitKindName(split.kind()), "out_of_time");
}

TEST(TimeSplitTest, OneSnapshotHoldsOutTheSameShareOfEachClass) {
  TimeSplit split(1, 0.25, 7);
  EXPECT_EQ(split.kind(), SplitKind::kStratifiedUsers);
  for (std::uint64_t user = 1; user <= 400; ++user) {
    split.AddUser(user, user % 4 == 0);  // 100 churners, 300 stayers
  }
  split.ChooseTestUsers();
  int test_churners = 0;
  int test_stayers = 0;
  for (std::uint64_t user = 1; user <= 400; ++user) {
    if (split.IsTest(0, user)) {
      (user % 4 == 0 ? test_churners : test_stayers)++;
    }
  }
  EXPECT_EQ(test_churners, 25);
  EXPECT_EQ(test_stayers, 75);

  TimeSplit again(1, 0.25, 7);
  TimeSplit other_seed(1, 0.25, 8);
  for (std::uint64_t user = 1; user <= 400; ++user) {
    again.AddUser(user, user % 4 == 0);
    other_seed.AddUser(user, user % 4 == 0);
  }
  again.ChooseTestUsers();
  other_seed.ChooseTestUsers();
  int same = 0;
  int differ = 0;
  for (std::uint64_t user = 1; user <= 400; ++user) {
    same += split.IsTest(0, user) == again.IsTest(0, user) ? 1 : 0;
    differ += split.IsTest(0, user) != other_seed.IsTest(0, user) ? 1 : 0;
  }
  EXPECT_EQ(same, 400) << "a fixed seed gives the same split";
  EXPECT_GT(differ, 0);
}

TEST(TimeSplitTest, NoSnapshotIsABug) {
  EXPECT_THROW(TimeSplit(0, 0.2, 1), InternalError);
}

}  // namespace
}  // namespace churn::dataset

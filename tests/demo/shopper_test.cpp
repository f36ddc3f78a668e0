#include "demo/shopper.h"

#include <gtest/gtest.h>

#include "demo/catalog.h"

namespace churn::demo {
namespace {

Shopper FadingShopper() {
  Shopper shopper;
  shopper.join_day = 5;
  shopper.leave_day = 50;
  shopper.fade_days = 20;
  shopper.break_start = 10;
  shopper.break_end = 15;
  return shopper;
}

TEST(ShopperTest, EngagementIsZeroOutsideTheActiveLife) {
  Shopper shopper = FadingShopper();
  EXPECT_EQ(shopper.EngagementOn(4), 0.0);
  EXPECT_EQ(shopper.EngagementOn(50), 0.0);
  EXPECT_EQ(shopper.EngagementOn(80), 0.0);
}

TEST(ShopperTest, EngagementPausesDuringABreak) {
  Shopper shopper = FadingShopper();
  EXPECT_EQ(shopper.EngagementOn(9), 1.0);
  EXPECT_EQ(shopper.EngagementOn(10), 0.0);
  EXPECT_EQ(shopper.EngagementOn(14), 0.0);
  EXPECT_EQ(shopper.EngagementOn(15), 1.0);
}

TEST(ShopperTest, EngagementFadesTowardsTheLeaveDay) {
  Shopper shopper = FadingShopper();
  EXPECT_EQ(shopper.EngagementOn(30), 1.0);
  double previous = 1.0;
  for (std::int32_t day = 31; day < 50; ++day) {
    double engagement = shopper.EngagementOn(day);
    EXPECT_LT(engagement, previous) << "day " << day;
    EXPECT_GT(engagement, 0.0) << "day " << day;
    previous = engagement;
  }
}

TEST(ShopperTest, AbruptLeaverStaysFullyEngagedToTheEnd) {
  Shopper shopper = FadingShopper();
  shopper.fade_days = 0;
  EXPECT_EQ(shopper.EngagementOn(49), 1.0);
  EXPECT_EQ(shopper.EngagementOn(50), 0.0);
}

TEST(ShopperTest, DrawIsDeterministicAndVariesBetweenShoppers) {
  Catalog catalog(42);
  Shopper first = DrawShopper(42, 17, 120, catalog);
  Shopper again = DrawShopper(42, 17, 120, catalog);
  Shopper other = DrawShopper(42, 18, 120, catalog);
  EXPECT_EQ(first.user_id, again.user_id);
  EXPECT_EQ(first.leave_day, again.leave_day);
  EXPECT_EQ(first.sessions_per_day, again.sessions_per_day);
  EXPECT_NE(first.user_id, other.user_id);
}

TEST(ShopperTest, UserIdsAreUniqueAcrossThePopulation) {
  Catalog catalog(1);
  std::set<std::uint64_t> ids;
  constexpr int kShoppers = 5000;
  for (int shopper_idx = 0; shopper_idx < kShoppers; ++shopper_idx) {
    ids.insert(DrawShopper(1, static_cast<std::uint64_t>(shopper_idx), 120, catalog).user_id);
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kShoppers));
}

}  // namespace
}  // namespace churn::demo

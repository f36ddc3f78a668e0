#include "model/risk_band.h"

#include <gtest/gtest.h>

namespace churn::model {
namespace {

TEST(RiskBandTest, FloorsAreTheThresholdAndHalfOfItHighestFirst) {
  constexpr auto kFloors = RiskBandFloors(0.4);
  EXPECT_EQ(kFloors[0].name, "high");
  EXPECT_DOUBLE_EQ(kFloors[0].min_probability, 0.4);
  EXPECT_EQ(kFloors[1].name, "medium");
  EXPECT_DOUBLE_EQ(kFloors[1].min_probability, 0.2);
  EXPECT_EQ(kFloors[2].name, "low");
  EXPECT_DOUBLE_EQ(kFloors[2].min_probability, 0.0);
}

TEST(RiskBandTest, AProbabilityFallsInTheHighestBandItReaches) {
  EXPECT_EQ(RiskBandOf(0.4, 0.4), "high");
  EXPECT_EQ(RiskBandOf(0.99, 0.4), "high");
  EXPECT_EQ(RiskBandOf(0.39, 0.4), "medium");
  EXPECT_EQ(RiskBandOf(0.2, 0.4), "medium");
  EXPECT_EQ(RiskBandOf(0.19, 0.4), "low");
  EXPECT_EQ(RiskBandOf(0.0, 0.4), "low");
}

}  // namespace
}  // namespace churn::model

#include "metrics/population_stability.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(PopulationStabilityTest, DecilesOfTheReferenceWithABinAboveAndOneForMissing) {
  std::vector<double> reference = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  StabilityBins bins = FitStabilityBins(reference);
  EXPECT_THAT(bins.upper_edges, ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  ASSERT_EQ(bins.expected.size(), 12U);
  EXPECT_DOUBLE_EQ(bins.expected[0], 0.1);
  EXPECT_DOUBLE_EQ(bins.expected[10], 0.0) << "nothing above the reference's largest value";
  EXPECT_DOUBLE_EQ(bins.expected[11], 0.0) << "nothing missing";
  EXPECT_DOUBLE_EQ(PopulationStability(bins.expected, BinShares(bins, reference)), 0.0);
}

TEST(PopulationStabilityTest, RepeatedValuesMergeTheirEdges) {
  // 80% zeros, as a count of purchases often is, and a missing value.
  std::vector<double> reference = {0, 0, 0, 0, 0, 0, 0, 0, 3, 5, kNaN};
  StabilityBins bins = FitStabilityBins(reference);
  EXPECT_THAT(bins.upper_edges, ElementsAre(0, 3, 5));
  EXPECT_THAT(bins.expected,
              ElementsAre(DoubleNear(8.0 / 11, 1e-12), DoubleNear(1.0 / 11, 1e-12),
                          DoubleNear(1.0 / 11, 1e-12), 0.0, DoubleNear(1.0 / 11, 1e-12)));
  EXPECT_THAT(BinShares(bins, std::vector<double>{-1, 0.5, 4, 9}),
              ElementsAre(0.25, 0.25, 0.25, 0.25, 0.0))
      << "below the first edge counts in the first bin, above the last in the bin above";
}

TEST(PopulationStabilityTest, TheIndexOfAKnownShift) {
  std::vector<double> expected = {0.5, 0.5};
  std::vector<double> actual = {0.25, 0.75};
  // (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5)
  EXPECT_NEAR(PopulationStability(expected, actual), 0.25 * std::log(2.0) + 0.25 * std::log(1.5),
              1e-12);
  // An empty bin is floored, not infinite.
  double psi = PopulationStability(std::vector<double>{1.0, 0.0}, std::vector<double>{0.5, 0.5});
  EXPECT_NEAR(psi, -0.5 * std::log(0.5) + (0.5 - kMinimumShare) * std::log(0.5 / kMinimumShare),
              1e-12);
  EXPECT_THROW(PopulationStability(expected, std::vector<double>{1.0}), InternalError);
}

TEST(PopulationStabilityTest, AShiftedPopulationDriftsAndAResampleDoesNot) {
  std::vector<double> reference;
  std::vector<double> same;
  std::vector<double> shifted;
  for (int idx = 0; idx < 1000; ++idx) {
    reference.push_back(idx % 100);
    same.push_back((idx * 7) % 100);
    shifted.push_back(idx % 100 + 30);
  }
  StabilityBins bins = FitStabilityBins(reference);
  EXPECT_LT(PopulationStability(bins.expected, BinShares(bins, same)), 1e-9);
  EXPECT_GT(PopulationStability(bins.expected, BinShares(bins, shifted)), 0.2);
}

TEST(PopulationStabilityTest, AnEmptyOrMissingOnlyReferenceHasNoEdges) {
  StabilityBins bins = FitStabilityBins(std::vector<double>{kNaN, kNaN});
  EXPECT_TRUE(bins.upper_edges.empty());
  EXPECT_THAT(bins.expected, ElementsAre(0.0, 1.0));
  EXPECT_THAT(FitStabilityBins(std::vector<double>{}).expected, ElementsAre(0.0, 0.0));
}

}  // namespace
}  // namespace churn::metrics

#include "demo/alias_table.h"

#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::demo {
namespace {

TEST(AliasTableTest, DrawsInProportionToWeights) {
  std::vector<double> weights = {1, 0, 3, 6};
  AliasTable table(weights);
  RandomStream random(11);
  std::vector<int> counts(weights.size(), 0);
  constexpr int kDraws = 200000;
  for (int draw_idx = 0; draw_idx < kDraws; ++draw_idx) {
    ++counts[table.Draw(random)];
  }
  EXPECT_EQ(counts[1], 0) << "a zero weight is never drawn";
  EXPECT_NEAR(counts[0] / static_cast<double>(kDraws), 0.1, 0.005);
  EXPECT_NEAR(counts[2] / static_cast<double>(kDraws), 0.3, 0.005);
  EXPECT_NEAR(counts[3] / static_cast<double>(kDraws), 0.6, 0.005);
}

TEST(AliasTableTest, SingleWeightAlwaysDrawsIt) {
  AliasTable table({2.5});
  RandomStream random(3);
  for (int draw_idx = 0; draw_idx < 100; ++draw_idx) {
    EXPECT_EQ(table.Draw(random), 0U);
  }
}

TEST(AliasTableTest, RejectsWeightsWithoutPositiveSum) {
  EXPECT_THROW(AliasTable(std::vector<double>{}), InternalError);
  EXPECT_THROW(AliasTable(std::vector<double>{0, 0}), InternalError);
}

TEST(ZipfWeightsTest, FallAsAPowerOfRank) {
  std::vector<double> weights = ZipfWeights(4, 1.0);
  ASSERT_EQ(weights.size(), 4U);
  EXPECT_DOUBLE_EQ(weights[0], 1.0);
  EXPECT_DOUBLE_EQ(weights[1], 0.5);
  EXPECT_DOUBLE_EQ(weights[3], 0.25);
}

TEST(RandomStreamTest, SameSeedSameSequenceAndUniformInUnitInterval) {
  RandomStream first(MixSeed(1, 2, 3));
  RandomStream second(MixSeed(1, 2, 3));
  RandomStream other(MixSeed(1, 2, 4));
  bool differs = false;
  for (int draw_idx = 0; draw_idx < 1000; ++draw_idx) {
    double value = first.Uniform();
    EXPECT_EQ(value, second.Uniform());
    differs = differs || value != other.Uniform();
    EXPECT_GE(value, 0.0);
    EXPECT_LT(value, 1.0);
  }
  EXPECT_TRUE(differs);
}

TEST(RandomStreamTest, DistributionsHaveTheirMeans) {
  RandomStream random(5);
  constexpr int kDraws = 100000;
  double poisson = 0;
  double exponential = 0;
  double geometric = 0;
  for (int draw_idx = 0; draw_idx < kDraws; ++draw_idx) {
    poisson += random.Poisson(0.3);
    exponential += random.Exponential(40.0);
    geometric += random.Geometric(0.25);
  }
  EXPECT_NEAR(poisson / kDraws, 0.3, 0.01);
  EXPECT_NEAR(exponential / kDraws, 40.0, 0.6);
  EXPECT_NEAR(geometric / kDraws, 3.0, 0.06);  // (1 - p) / p
}

}  // namespace
}  // namespace churn::demo

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

}  // namespace
}  // namespace churn::demo

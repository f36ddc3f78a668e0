#include "demo/random_stream.h"

#include <gtest/gtest.h>

namespace churn::demo {
namespace {

TEST(RandomStreamTest, SameSeedSameSequenceAndUniformInUnitInterval) {
  RandomStream first(random::MixSeed(1, 2, 3));
  RandomStream second(random::MixSeed(1, 2, 3));
  RandomStream other(random::MixSeed(1, 2, 4));
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

TEST(RandomStreamTest, GeometricStaysACountForAnyProbability) {
  RandomStream random(8);
  for (double probability : {2.0, 1.0, 1e-300, 0.0, -1.0}) {
    int count = random.Geometric(probability);
    EXPECT_GE(count, 0) << probability;
  }
  EXPECT_EQ(random.Geometric(1.0), 0);
  EXPECT_EQ(random.Geometric(1.5), 0) << "more than certain is certain";
}

}  // namespace
}  // namespace churn::demo

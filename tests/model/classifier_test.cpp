#include "model/classifier.h"

#include <gtest/gtest.h>

#include <cmath>

namespace churn::model {
namespace {

TEST(ProbabilitiesTest, AreTheLogisticOfTheMargins) {
  std::vector<double> probabilities = Probabilities({0.0, 2.0, -2.0, std::log(3.0)});
  ASSERT_EQ(probabilities.size(), 4U);
  EXPECT_EQ(probabilities[0], 0.5);
  EXPECT_NEAR(probabilities[1], 0.8807970779778823, 1e-15);
  EXPECT_NEAR(probabilities[2], 1.0 - 0.8807970779778823, 1e-15);
  EXPECT_NEAR(probabilities[3], 0.75, 1e-15);
}

TEST(ProbabilitiesTest, StayFiniteAndAccurateInBothTails) {
  std::vector<double> probabilities = Probabilities({800.0, -800.0, -30.0});
  EXPECT_EQ(probabilities[0], 1.0);
  EXPECT_EQ(probabilities[1], 0.0);
  // e^-30 / (1 + e^-30): 1 - Probability(30) would have lost every digit.
  EXPECT_NEAR(probabilities[2] / 9.357622968840175e-14, 1.0, 1e-12);
  EXPECT_EQ(Probability(-800.0), 0.0);
}

}  // namespace
}  // namespace churn::model

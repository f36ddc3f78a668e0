#include "metrics/probability_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

TEST(ProbabilityMetricsTest, LogLossHandComputed) {
  std::vector<double> probabilities = {0.8, 0.3};
  std::vector<std::uint8_t> labels = {1, 0};
  EXPECT_DOUBLE_EQ(LogLoss(probabilities, labels), -(std::log(0.8) + std::log(0.7)) / 2);
}

TEST(ProbabilityMetricsTest, LogLossClipsCertainMistakesToAFiniteCost) {
  std::vector<double> probabilities = {0.0, 1.0};
  std::vector<std::uint8_t> labels = {1, 0};
  double loss = LogLoss(probabilities, labels);
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_NEAR(loss, -std::log(1e-15), 1e-3);
  EXPECT_NEAR(LogLoss(std::vector<double>{1.0, 0.0}, labels), 0.0, 1e-14)
      << "certain and right costs (almost) nothing";
}

TEST(ProbabilityMetricsTest, BrierScoreHandComputed) {
  std::vector<double> probabilities = {0.8, 0.3, 0.5};
  std::vector<std::uint8_t> labels = {1, 0, 1};
  EXPECT_DOUBLE_EQ(BrierScore(probabilities, labels), (0.04 + 0.09 + 0.25) / 3);
}

TEST(ProbabilityMetricsTest, CalibrationCurveLeavesEmptyBinsOutAndPutsOneInTheLastBin) {
  std::vector<double> probabilities = {0.1, 0.2, 0.6, 1.0, 0.9, 0.75};
  std::vector<std::uint8_t> labels = {0, 1, 1, 1, 0, 1};
  std::vector<CalibrationBin> curve = CalibrationCurve(probabilities, labels, 4);
  ASSERT_EQ(curve.size(), 3U) << "[0.25, 0.5) is empty";
  EXPECT_DOUBLE_EQ(curve[0].lower, 0.0);
  EXPECT_DOUBLE_EQ(curve[0].upper, 0.25);
  EXPECT_DOUBLE_EQ(curve[0].mean_predicted, 0.15);
  EXPECT_DOUBLE_EQ(curve[0].observed_rate, 0.5);
  EXPECT_EQ(curve[0].count, 2);
  EXPECT_DOUBLE_EQ(curve[1].lower, 0.5);
  EXPECT_EQ(curve[1].count, 1) << "0.75 opens the last bin";
  EXPECT_DOUBLE_EQ(curve[2].lower, 0.75);
  EXPECT_DOUBLE_EQ(curve[2].upper, 1.0);
  EXPECT_EQ(curve[2].count, 3);
  EXPECT_DOUBLE_EQ(curve[2].mean_predicted, (1.0 + 0.9 + 0.75) / 3);
  EXPECT_DOUBLE_EQ(curve[2].observed_rate, 2.0 / 3.0);
}

TEST(ProbabilityMetricsTest, SingleClassIsFineForProbabilities) {
  std::vector<double> probabilities = {0.1, 0.3};
  std::vector<std::uint8_t> stayers = {0, 0};
  EXPECT_DOUBLE_EQ(BrierScore(probabilities, stayers), (0.01 + 0.09) / 2);
  EXPECT_EQ(CalibrationCurve(probabilities, stayers).size(), 2U);
}

TEST(ProbabilityMetricsTest, BadInputThrows) {
  std::vector<std::uint8_t> labels = {1, 0};
  try {
    LogLoss(std::vector<double>{0.5, 1.5}, labels);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("row 1"));
  }
  EXPECT_THROW(BrierScore(std::vector<double>{0.5, NAN}, labels), InputError);
  EXPECT_THROW(CalibrationCurve(std::vector<double>{-0.1, 0.5}, labels), InputError);
  EXPECT_THROW(LogLoss({}, {}), InputError);
  EXPECT_THROW(BrierScore({}, {}), InputError);
  EXPECT_THROW(LogLoss(std::vector<double>{0.5}, labels), InternalError);
  EXPECT_THROW(CalibrationCurve(std::vector<double>{0.5, 0.5}, labels, 0), InternalError);
}

}  // namespace
}  // namespace churn::metrics

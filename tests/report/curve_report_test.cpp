#include "report/curve_report.h"

#include <gtest/gtest.h>

#include "metrics/threshold_metrics.h"

namespace churn::report {
namespace {

TEST(CurveReportTest, HoldsEveryCurveTheDashboardDraws) {
  std::vector<double> probabilities = {0.1, 0.4, 0.35, 0.8, 0.7, 0.2};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1, 1, 0};
  std::vector<double> baseline = {1, 5, 9, 30, 12, 2};
  nlohmann::json curves = CurvesJson(probabilities, labels, 0.5, baseline, {});
  for (const char* key : {"roc", "pr", "operating_point", "calibration", "gains", "baseline",
                          "threshold_sweep", "campaign"}) {
    EXPECT_TRUE(curves.contains(key)) << key;
  }
  EXPECT_DOUBLE_EQ(curves["operating_point"]["recall"].get<double>(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(curves["operating_point"]["fpr"].get<double>(), 0.0);
  EXPECT_EQ(curves["calibration"].size(), 6U) << "six probabilities in six different tenths";
  EXPECT_DOUBLE_EQ(curves["pr"][0]["precision"].get<double>(), 1.0) << "0.8 is a churner";
  EXPECT_DOUBLE_EQ(curves["pr"][0]["recall"].get<double>(), 1.0 / 3.0);
  bool baseline_perfect = false;  // the three longest absences are the three churners
  for (const nlohmann::json& point : curves["baseline"]["roc"]) {
    baseline_perfect = baseline_perfect ||
                       (point["fpr"].get<double>() == 0.0 && point["tpr"].get<double>() == 1.0);
  }
  EXPECT_TRUE(baseline_perfect);
}

// Each sweep point must equal ConfusionAt at its threshold, including
// probabilities that sit exactly on a step, where floor(p * 100) is one off.
TEST(CurveReportTest, ThresholdSweepMatchesTheConfusionAtEveryStep) {
  std::vector<double> probabilities = {0.29, 0.57, 0.58, 0.0, 1.0, 0.125, 0.3, 0.999, 0.01, 0.7};
  std::vector<std::uint8_t> labels = {1, 0, 1, 0, 1, 0, 1, 1, 0, 0};
  metrics::CampaignEconomics economics{
      .contact_cost = 2.0, .retained_value = 100.0, .offer_success_rate = 0.5};
  nlohmann::json curves =
      CurvesJson(probabilities, labels, 0.5, std::vector<double>(10, 1.0), economics);
  const nlohmann::json& sweep = curves["threshold_sweep"];
  ASSERT_EQ(sweep.size(), 101U);
  for (std::size_t step = 0; step <= 100; ++step) {
    double threshold = static_cast<double>(step) / 100;
    metrics::ConfusionMatrix expected = metrics::ConfusionAt(probabilities, labels, threshold);
    SCOPED_TRACE(threshold);
    EXPECT_DOUBLE_EQ(sweep[step]["threshold"].get<double>(), threshold);
    EXPECT_EQ(sweep[step]["flagged"].get<std::int64_t>(), expected.flagged());
    EXPECT_EQ(sweep[step]["true_positives"].get<std::int64_t>(), expected.true_positives);
    EXPECT_DOUBLE_EQ(sweep[step]["f1"].get<double>(), expected.F1());
    EXPECT_DOUBLE_EQ(sweep[step]["expected_profit"].get<double>(),
                     metrics::ExpectedProfit(expected, economics));
  }
  EXPECT_EQ(sweep[0]["flagged"].get<int>(), 10);
  EXPECT_EQ(sweep[29]["flagged"].get<int>(), 7) << "0.29 is flagged at 0.29";
  EXPECT_EQ(sweep[100]["flagged"].get<int>(), 1) << "only 1.0 reaches 1.00";
  EXPECT_EQ(curves["churners"].get<int>(), 5);
  const nlohmann::json& chosen = curves["operating_point"];
  metrics::ConfusionMatrix at_half = metrics::ConfusionAt(probabilities, labels, 0.5);
  EXPECT_EQ(chosen["flagged"].get<std::int64_t>(), at_half.flagged());
  EXPECT_DOUBLE_EQ(chosen["expected_profit"].get<double>(),
                   metrics::ExpectedProfit(at_half, economics));
  EXPECT_DOUBLE_EQ(curves["campaign"]["contact_cost"].get<double>(), 2.0);
}

}  // namespace
}  // namespace churn::report

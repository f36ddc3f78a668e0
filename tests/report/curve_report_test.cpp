#include "report/curve_report.h"

#include <gtest/gtest.h>

namespace churn::report {
namespace {

TEST(CurveReportTest, HoldsEveryCurveTheDashboardDraws) {
  std::vector<double> probabilities = {0.1, 0.4, 0.35, 0.8, 0.7, 0.2};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1, 1, 0};
  std::vector<double> baseline = {1, 5, 9, 30, 12, 2};
  nlohmann::json curves = CurvesJson(probabilities, labels, 0.5, baseline);
  for (const char* key : {"roc", "pr", "operating_point", "calibration", "gains", "baseline"}) {
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

}  // namespace
}  // namespace churn::report

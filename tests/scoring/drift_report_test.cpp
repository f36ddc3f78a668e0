#include "scoring/drift_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "errors/error.h"
#include "scoring/scoring_files.h"

namespace churn::scoring {
namespace {

// Two features over `rows` users: "steady" cycles 0..9 whatever the offset,
// "moving" is shifted by `offset`.
dataset::FeatureMatrix Rows(int rows, float offset) {
  dataset::FeatureMatrix matrix;
  matrix.names = {"steady", "moving"};
  matrix.values.reserve(2 * static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    matrix.values.push_back(static_cast<float>(row % 10));
    matrix.values.push_back(static_cast<float>(row % 10) + offset);
  }
  return matrix;
}

std::vector<double> Scores(int rows, double offset) {
  std::vector<double> scores;
  scores.reserve(static_cast<std::size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    scores.push_back(0.05 + 0.09 * (row % 10) + offset);
  }
  return scores;
}

report::DriftReference Reference() {
  dataset::FeatureMatrix training = Rows(1000, 0.0F);
  std::array<const dataset::FeatureMatrix*, 1> matrices = {&training};
  return report::FitDriftReference(matrices, Scores(1000, 0.0));
}

TEST(DriftReportTest, AMovedFeatureDriftsAndASteadyOneDoesNot) {
  report::DriftReference reference = Reference();
  DriftReport drift = MeasureDrift(reference, Rows(500, 5.0F), Scores(500, 0.0));
  ASSERT_EQ(drift.features.size(), 2U);
  EXPECT_EQ(drift.features[0].name, "moving") << "highest PSI first";
  EXPECT_GT(drift.features[0].psi, kDriftPsi);
  EXPECT_NEAR(drift.features[1].psi, 0.0, 1e-9);
  EXPECT_NEAR(drift.score.psi, 0.0, 1e-9);
  EXPECT_TRUE(drift.RetrainDue());
  nlohmann::json json = DriftJson(drift, "2020-02-01");
  EXPECT_EQ(json["as_of"], "2020-02-01");
  EXPECT_EQ(json["reference"]["rows"], 1000);
  EXPECT_EQ(json["scored_rows"], 500);
  EXPECT_EQ(json["features"][0]["feature"], "moving");
  EXPECT_TRUE(json["features"][0]["drifted"].get<bool>());
  EXPECT_TRUE(json["features"][0]["bins"][0]["lower"].is_null());
  EXPECT_TRUE(json["features"][0]["bins"].back()["missing"].get<bool>());
  nlohmann::json summary = DriftSummaryJson(drift);
  ASSERT_EQ(summary["drifted"].size(), 1U);
  EXPECT_EQ(summary["drifted"][0]["feature"], "moving");
  EXPECT_TRUE(summary["retrain_due"].get<bool>());
}

TEST(DriftReportTest, TheSamePopulationIsNoDriftAndAMovedScoreIs) {
  report::DriftReference reference = Reference();
  EXPECT_FALSE(MeasureDrift(reference, Rows(300, 0.0F), Scores(300, 0.0)).RetrainDue());
  DriftReport shifted = MeasureDrift(reference, Rows(300, 0.0F), Scores(300, 0.3));
  EXPECT_GT(shifted.score.psi, kDriftPsi);
  EXPECT_TRUE(shifted.RetrainDue());
}

TEST(DriftReportTest, AReferenceOfOtherFeaturesIsAnError) {
  report::DriftReference reference = Reference();
  dataset::FeatureMatrix other = Rows(10, 0.0F);
  other.names = {"steady", "renamed"};
  EXPECT_THAT([&] { MeasureDrift(reference, other, Scores(10, 0.0)); },
              ::testing::ThrowsMessage<InputError>(::testing::HasSubstr("churn-radar train")));
}

}  // namespace
}  // namespace churn::scoring

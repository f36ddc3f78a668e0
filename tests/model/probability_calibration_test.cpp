#include "model/probability_calibration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "errors/error.h"
#include "model/synthetic_churn_rows.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using testing::UnitRandom;

constexpr std::size_t kCalibrationRows = 5000;
constexpr std::uint64_t kCalibrationSeed = 11;

// A model that is overconfident in a known way: its log-odds are half the
// true ones plus 1. Platt scaling should find slope 2 and intercept -2.
struct MiscalibratedScores {
  std::vector<double> probabilities;
  std::vector<std::uint8_t> labels;
};

MiscalibratedScores Miscalibrated(std::size_t rows, std::uint64_t seed) {
  constexpr double kTrueMarginSpread = 6.0;
  UnitRandom random(seed);
  MiscalibratedScores scores;
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    double true_margin = kTrueMarginSpread * (random.Next() - 0.5);
    double churn_draw = random.Next();
    scores.labels.push_back(churn_draw < 1.0 / (1.0 + std::exp(-true_margin)) ? 1 : 0);
    scores.probabilities.push_back(1.0 / (1.0 + std::exp(-(0.5 * true_margin + 1.0))));
  }
  return scores;
}

// The rows' indices from the lowest score to the highest.
std::vector<std::size_t> RankOrder(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return scores[left] < scores[right];
  });
  return order;
}

TEST(ProbabilityCalibrationTest, NoneIsTheIdentity) {
  MiscalibratedScores scores = Miscalibrated(kCalibrationRows, kCalibrationSeed);
  ProbabilityCalibration none =
      ProbabilityCalibration::Fit(Calibration::kNone, scores.probabilities, scores.labels);
  EXPECT_EQ(none.kind(), Calibration::kNone);
  EXPECT_EQ(none.Apply(scores.probabilities), scores.probabilities);
  EXPECT_EQ(none.ToJson(), nlohmann::json({{"method", "none"}}));
}

TEST(ProbabilityCalibrationTest, PlattFindsTheKnownDistortionAndKeepsTheRanking) {
  MiscalibratedScores scores = Miscalibrated(kCalibrationRows, kCalibrationSeed);
  ProbabilityCalibration platt =
      ProbabilityCalibration::Fit(Calibration::kPlatt, scores.probabilities, scores.labels);
  EXPECT_EQ(platt.kind(), Calibration::kPlatt);
  nlohmann::json saved = platt.ToJson();
  EXPECT_NEAR(saved["slope"].get<double>(), 2.0, 0.2);
  EXPECT_NEAR(saved["intercept"].get<double>(), -2.0, 0.2);
  std::vector<double> calibrated = platt.Apply(scores.probabilities);
  // Every pair keeps its order, so ROC-AUC and PR-AUC cannot change.
  EXPECT_EQ(RankOrder(calibrated), RankOrder(scores.probabilities));
  std::vector<std::size_t> order = RankOrder(scores.probabilities);
  for (std::size_t rank = 1; rank < order.size(); ++rank) {
    if (scores.probabilities[order[rank]] > scores.probabilities[order[rank - 1]]) {
      EXPECT_GT(calibrated[order[rank]], calibrated[order[rank - 1]]);
    }
  }
}

TEST(ProbabilityCalibrationTest, PlattBringsTheMeanToTheChurnRate) {
  MiscalibratedScores scores = Miscalibrated(kCalibrationRows, kCalibrationSeed);
  ProbabilityCalibration platt =
      ProbabilityCalibration::Fit(Calibration::kPlatt, scores.probabilities, scores.labels);
  std::vector<double> calibrated = platt.Apply(scores.probabilities);
  double churners = std::accumulate(scores.labels.begin(), scores.labels.end(), 0.0);
  double raw_sum = std::accumulate(scores.probabilities.begin(), scores.probabilities.end(), 0.0);
  double calibrated_sum = std::accumulate(calibrated.begin(), calibrated.end(), 0.0);
  // A logistic fit with an intercept matches the mean (up to its tiny ridge).
  EXPECT_NEAR(calibrated_sum, churners, 0.01);
  EXPECT_GT(std::abs(raw_sum - churners), 100.0) << "the raw scores were off";
}

TEST(ProbabilityCalibrationTest, IsotonicPoolsAdjacentViolatorsAsByHand) {
  // Sorted: 0.1:0, 0.2:1, 0.3:0, 0.4:0, 0.5:{1, 0}, 0.6:1. The tie at 0.5
  // starts as one block of weight 2 and mean 0.5. 0.2 and 0.3 violate
  // (1 > 0) and pool to 0.5; 0.4 (0) then violates and the three pool to 1/3.
  std::vector<double> probabilities = {0.5, 0.3, 0.1, 0.6, 0.4, 0.2, 0.5};
  std::vector<std::uint8_t> labels = {1, 0, 0, 1, 0, 1, 0};
  ProbabilityCalibration isotonic =
      ProbabilityCalibration::Fit(Calibration::kIsotonic, probabilities, labels);
  nlohmann::json saved = isotonic.ToJson();
  EXPECT_EQ(saved["method"], "isotonic");
  std::vector<double> x = saved["x"].get<std::vector<double>>();
  std::vector<double> y = saved["y"].get<std::vector<double>>();
  ASSERT_EQ(x.size(), 4U);
  ASSERT_EQ(y.size(), 4U);
  EXPECT_DOUBLE_EQ(x[0], 0.1);
  EXPECT_DOUBLE_EQ(x[1], 0.3);  // the mean of 0.2, 0.3 and 0.4
  EXPECT_DOUBLE_EQ(x[2], 0.5);
  EXPECT_DOUBLE_EQ(x[3], 0.6);
  EXPECT_DOUBLE_EQ(y[0], 0.0);
  EXPECT_DOUBLE_EQ(y[1], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(y[2], 0.5);
  EXPECT_DOUBLE_EQ(y[3], 1.0);
  // At the blocks, their values; between, linear; beyond the ends, clamped.
  EXPECT_DOUBLE_EQ(isotonic.Apply(0.3), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(isotonic.Apply(0.4), 1.0 / 3.0 + 0.5 * (0.5 - 1.0 / 3.0));
  EXPECT_DOUBLE_EQ(isotonic.Apply(0.02), 0.0);
  EXPECT_DOUBLE_EQ(isotonic.Apply(0.95), 1.0);
}

TEST(ProbabilityCalibrationTest, IsotonicNeverDecreases) {
  MiscalibratedScores scores = Miscalibrated(kCalibrationRows, kCalibrationSeed);
  ProbabilityCalibration isotonic =
      ProbabilityCalibration::Fit(Calibration::kIsotonic, scores.probabilities, scores.labels);
  constexpr int kGridPoints = 1001;
  double previous = -1;
  for (int point_idx = 0; point_idx < kGridPoints; ++point_idx) {
    double calibrated = isotonic.Apply(point_idx / double{kGridPoints - 1});
    EXPECT_GE(calibrated, previous);
    EXPECT_GE(calibrated, 0.0);
    EXPECT_LE(calibrated, 1.0);
    previous = calibrated;
  }
  std::vector<double> y = isotonic.ToJson()["y"].get<std::vector<double>>();
  EXPECT_GT(y.size(), 10U) << "a real curve, not a single pooled block";
  EXPECT_TRUE(std::is_sorted(y.begin(), y.end()));
}

TEST(ProbabilityCalibrationTest, JsonRoundTripsExactly) {
  MiscalibratedScores scores = Miscalibrated(kCalibrationRows, kCalibrationSeed);
  for (Calibration kind : {Calibration::kNone, Calibration::kPlatt, Calibration::kIsotonic}) {
    ProbabilityCalibration fitted =
        ProbabilityCalibration::Fit(kind, scores.probabilities, scores.labels);
    // Through text, as the manifest stores it.
    ProbabilityCalibration loaded =
        ProbabilityCalibration::FromJson(nlohmann::json::parse(fitted.ToJson().dump()));
    EXPECT_EQ(loaded.kind(), kind);
    EXPECT_EQ(loaded.Apply(scores.probabilities), fitted.Apply(scores.probabilities));
    EXPECT_EQ(loaded.ToJson(), fitted.ToJson());
  }
}

TEST(ProbabilityCalibrationTest, FromJsonRejectsMalformedInput) {
  auto load_error = [](const std::string& text) {
    try {
      ProbabilityCalibration::FromJson(nlohmann::json::parse(text));
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(load_error("[1, 2]"), HasSubstr("'method' is none, platt or isotonic"));
  EXPECT_THAT(load_error(R"({"method": "beta"})"),
              HasSubstr("'method' is none, platt or isotonic"));
  EXPECT_THAT(load_error(R"({"method": "platt", "slope": 1})"),
              HasSubstr("'intercept' must be a finite number"));
  EXPECT_THAT(load_error(R"({"method": "platt", "slope": "1", "intercept": 0})"),
              HasSubstr("'slope' must be a finite number"));
  EXPECT_THAT(load_error(R"({"method": "isotonic", "x": [0.1, 0.2], "y": [0.5]})"),
              HasSubstr("'x' has 2 values but 'y' 1"));
  EXPECT_THAT(load_error(R"({"method": "isotonic", "x": [0.2, 0.1], "y": [0.1, 0.5]})"),
              HasSubstr("'x' must increase and 'y' must never decrease"));
  EXPECT_THAT(load_error(R"({"method": "isotonic", "x": [0.1, 0.2], "y": [0.5, 0.1]})"),
              HasSubstr("'x' must increase and 'y' must never decrease"));
  EXPECT_THAT(load_error(R"({"method": "isotonic", "x": [0.1, 2], "y": [0.1, 0.5]})"),
              HasSubstr("'x' holds 2, expected a number in [0, 1]"));
  EXPECT_THAT(load_error(R"({"method": "isotonic", "x": [], "y": []})"),
              HasSubstr("'x' must be a non-empty array"));
}

TEST(ProbabilityCalibrationTest, FittingNeedsBothClassesAndProbabilities) {
  std::vector<double> probabilities = {0.2, 0.4, 0.6};
  std::vector<std::uint8_t> stayers = {0, 0, 0};
  EXPECT_THAT([&] { ProbabilityCalibration::Fit(Calibration::kPlatt, probabilities, stayers); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("hold only stayers")));
  std::vector<double> out_of_range = {0.2, 1.4, 0.6};
  std::vector<std::uint8_t> labels = {0, 1, 0};
  EXPECT_THAT([&] { ProbabilityCalibration::Fit(Calibration::kIsotonic, out_of_range, labels); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("row 2 has probability 1.4")));
}

TEST(ProbabilityCalibrationTest, PlattHandlesCertainScores) {
  // Scores of exactly 0 and 1 that separate the classes: the clip and the
  // ridge keep the fit finite and the order intact.
  std::vector<double> probabilities = {0.0, 0.0, 1.0, 1.0, 0.3, 0.7};
  std::vector<std::uint8_t> labels = {0, 0, 1, 1, 0, 1};
  ProbabilityCalibration platt =
      ProbabilityCalibration::Fit(Calibration::kPlatt, probabilities, labels);
  std::vector<double> calibrated = platt.Apply(probabilities);
  for (double value : calibrated) {
    EXPECT_TRUE(std::isfinite(value));
  }
  EXPECT_LT(calibrated[0], calibrated[4]);
  EXPECT_LT(calibrated[4], calibrated[5]);
  EXPECT_LT(calibrated[5], calibrated[2]);
  EXPECT_THAT(platt.ToJson()["slope"].get<double>(), ::testing::Gt(0.0));
}

}  // namespace
}  // namespace churn::model

namespace churn::model {
namespace {

TEST(ProbabilityCalibrationTest, PlattRefusesAModelThatRanksBackwards) {
  std::vector<double> probabilities = {0.9, 0.8, 0.7, 0.3, 0.2, 0.1};
  std::vector<std::uint8_t> labels = {0, 0, 0, 1, 1, 1};
  EXPECT_THROW(ProbabilityCalibration::Fit(Calibration::kPlatt, probabilities, labels), ModelError);
}

}  // namespace
}  // namespace churn::model

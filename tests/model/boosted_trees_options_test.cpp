// FitBoostedTrees's options: monotone constraints and the time limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>
#include <vector>

#include "errors/error.h"
#include "model/boosted_trees.h"
#include "model/synthetic_churn_rows.h"
#include "model/tree_ensemble.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;

constexpr std::size_t kWaveColumn = 0;
constexpr int kOptionsThreads = 2;
constexpr std::uint64_t kOptionsSeed = 7;
constexpr std::size_t kWaveGridPoints = 41;
constexpr std::size_t kScannedRows = 60;

// Rows whose churn rises with `wave` overall but in waves (three humps over
// [0, 1]), rises with `days` and ignores `noise`: a free fit follows the
// waves, so it is not monotone in `wave`.
dataset::LabelledRows WavyChurnRows(std::size_t rows, std::uint64_t seed) {
  testing::UnitRandom random(seed);
  dataset::LabelledRows labelled;
  labelled.features.names = {"wave", "days", "noise"};
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    double wave = random.Next();
    double days = random.Next();
    double noise = random.Next();
    double margin = 2.0 * wave + 2.5 * std::sin(3.0 * std::numbers::pi * wave) + 2.0 * (days - 0.5);
    bool churned = random.Next() < 1.0 / (1.0 + std::exp(-margin));
    for (double value : {wave, days, noise}) {
      labelled.features.values.push_back(static_cast<float>(value));
    }
    labelled.user_ids.push_back("user" + std::to_string(row_idx));
    labelled.cutoffs.emplace_back("2019-12-01");
    labelled.churned.push_back(churned ? 1 : 0);
  }
  return labelled;
}

BoostedTreesParams ParamsFor(ModelKind kind) {
  BoostedTreesParams params;
  params.rounds = 40;
  params.learning_rate = 0.3;
  params.early_stopping_rounds = 0;
  params.max_depth = kind == ModelKind::kXgboost ? 4 : 0;
  params.max_leaves = kind == ModelKind::kXgboost ? 0 : 16;
  return params;
}

// The largest move of the margin against `direction` (+1: a fall, -1: a
// rise) as `wave` goes up a grid over [0, 1], every other column of each of
// the first kScannedRows rows held: 0 when the model never moves against it.
double LargestMoveAgainst(int direction, const Classifier& model,
                          const dataset::FeatureMatrix& rows) {
  dataset::FeatureMatrix scan;
  scan.names = rows.names;
  for (std::size_t row_idx = 0; row_idx < kScannedRows; ++row_idx) {
    for (std::size_t point_idx = 0; point_idx < kWaveGridPoints; ++point_idx) {
      std::span<const float> row = rows.Row(row_idx);
      std::size_t first = scan.values.size();
      scan.values.insert(scan.values.end(), row.begin(), row.end());
      scan.values[first + kWaveColumn] =
          static_cast<float>(point_idx) / static_cast<float>(kWaveGridPoints - 1);
    }
  }
  std::vector<double> margins = model.PredictMargin(scan, kOptionsThreads);
  double largest = 0;
  for (std::size_t row_idx = 0; row_idx < kScannedRows; ++row_idx) {
    for (std::size_t point_idx = 1; point_idx < kWaveGridPoints; ++point_idx) {
      std::size_t at = row_idx * kWaveGridPoints + point_idx;
      largest = std::max(largest, direction * (margins[at - 1] - margins[at]));
    }
  }
  return largest;
}

class BoostedTreesOptionsTest : public ::testing::TestWithParam<ModelKind> {
 protected:
  std::unique_ptr<Classifier> Fit(const BoostingOptions& options,
                                  BoostingReport* report = nullptr) {
    return FitBoostedTrees(GetParam(), ParamsFor(GetParam()), train_, validation_, kOptionsThreads,
                           kOptionsSeed, report, options);
  }

  dataset::LabelledRows train_ = WavyChurnRows(3000, 1);
  dataset::LabelledRows validation_ = WavyChurnRows(1000, 2);
};

TEST_P(BoostedTreesOptionsTest, ARisingConstraintKeepsTheMarginFromFalling) {
  const std::vector<int> rising = {1, 0, 0};
  std::unique_ptr<Classifier> free = Fit({});
  std::unique_ptr<Classifier> held = Fit({.monotone = rising});
  // The free fit follows the waves down; the held one never goes down, to
  // the last bit.
  EXPECT_GT(LargestMoveAgainst(1, *free, validation_.features), 0.5);
  EXPECT_EQ(LargestMoveAgainst(1, *held, validation_.features), 0.0);
}

TEST_P(BoostedTreesOptionsTest, AFallingConstraintKeepsTheMarginFromRising) {
  // Against the rising trend: the held fit can only stay flat or fall.
  const std::vector<int> falling = {-1, 0, 0};
  std::unique_ptr<Classifier> free = Fit({});
  std::unique_ptr<Classifier> held = Fit({.monotone = falling});
  EXPECT_GT(LargestMoveAgainst(-1, *free, validation_.features), 0.5);
  EXPECT_EQ(LargestMoveAgainst(-1, *held, validation_.features), 0.0);
}

TEST_P(BoostedTreesOptionsTest, ConstraintsReachXgboostAsItsTupleParameter) {
  const std::vector<int> signs = {1, 0, -1};
  BoostingReport report;
  Fit({.monotone = signs}, &report);
  nlohmann::json config = nlohmann::json::parse(report.xgboost_config);
  EXPECT_EQ(config["learner"]["gradient_booster"]["updater"]["grow_quantile_histmaker"]
                  ["train_param"]["monotone_constraints"],
            "(1,0,-1)");
}

TEST_P(BoostedTreesOptionsTest, NoConstraintFitsExactlyAsWithoutTheOption) {
  const std::vector<int> none = {0, 0, 0};
  EXPECT_EQ(Fit({.monotone = none})->ToJson(), Fit({})->ToJson());
}

TEST_P(BoostedTreesOptionsTest, ATimeLimitStopsBoostingAndKeepsTheBestRoundSoFar) {
  BoostingReport report;
  std::unique_ptr<Classifier> model = Fit({.monotone = {}, .max_seconds = 1e-9}, &report);
  EXPECT_TRUE(report.stopped_by_time);
  EXPECT_EQ(report.rounds_run, 1);
  EXPECT_EQ(report.best_round, 1);
  ASSERT_NE(model->Trees(), nullptr);
  EXPECT_EQ(model->Trees()->tree_count(), 1U);
  BoostingReport unlimited;
  Fit({}, &unlimited);
  EXPECT_FALSE(unlimited.stopped_by_time);
  EXPECT_EQ(unlimited.rounds_run, ParamsFor(GetParam()).rounds);
}

INSTANTIATE_TEST_SUITE_P(BothGrowths, BoostedTreesOptionsTest,
                         ::testing::Values(ModelKind::kXgboost, ModelKind::kXgboostLeafwise));

TEST(MonotoneConstraintsParamTest, IsXgboostsTupleOfSigns) {
  EXPECT_EQ(MonotoneConstraintsParam(std::vector<int>{1, 0, -1}), "(1,0,-1)");
  EXPECT_EQ(MonotoneConstraintsParam(std::vector<int>{0}), "(0)");
  EXPECT_EQ(MonotoneConstraintsParam({}), "()");
  EXPECT_THAT(
      [] {
        MonotoneConstraintsParam(std::vector<int>{1, 2});
      },
      ::testing::ThrowsMessage<InternalError>(HasSubstr("2 is not a monotone constraint")));
}

TEST(MonotoneConstraintsParamTest, FitRejectsConstraintsForOtherColumns) {
  dataset::LabelledRows train = WavyChurnRows(500, 3);
  dataset::LabelledRows validation = WavyChurnRows(200, 4);
  const std::vector<int> two = {1, 0};
  EXPECT_THAT(
      [&] {
        FitBoostedTrees(ModelKind::kXgboost, ParamsFor(ModelKind::kXgboost), train, validation,
                        kOptionsThreads, kOptionsSeed, nullptr, {.monotone = two});
      },
      ::testing::ThrowsMessage<InternalError>(HasSubstr("2 monotone constraints for 3 columns")));
}

}  // namespace
}  // namespace churn::model

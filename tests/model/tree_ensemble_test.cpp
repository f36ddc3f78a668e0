#include "model/tree_ensemble.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "errors/error.h"
#include "model/boosted_test_models.h"

namespace churn::model {
namespace {

using testing::Discrepancy;
using ::testing::HasSubstr;
using testing::Leaf;
using testing::Split;
using testing::XgboostJsonOf;

constexpr double kTolerance = 1e-5;

const std::vector<std::string> kTwoFeatures = {"visits", "spend"};

// visits < 3 (missing: right) → 0.5; otherwise spend < 10 (missing: left)
// → -0.25 or 1.0.
DecisionTree TwoLevelTree() {
  return DecisionTree{
      .nodes = {Split(0, 3.0F, 1, 2, 10.0, /*missing_goes_left=*/false), Leaf(0.5F, 4.0),
                Split(1, 10.0F, 3, 4, 6.0), Leaf(-0.25F, 2.0), Leaf(1.0F, 4.0)},
      .depth = 2};
}

dataset::FeatureMatrix Rows(const std::vector<std::string>& names, std::vector<float> values) {
  return dataset::FeatureMatrix{.names = names, .values = std::move(values)};
}

void ExpectMarginsMatchXgboost(const testing::FittedModel& fitted) {
  const dataset::FeatureMatrix& rows = fitted.rows.features;
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(fitted.json, rows.names);
  std::vector<double> expected = testing::XgboostMargins(fitted.json, rows);
  std::vector<double> actual = ensemble.PredictMargins(rows, 2);
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t row_idx = 0; row_idx < rows.rows(); ++row_idx) {
    ASSERT_LE(Discrepancy(actual[row_idx], expected[row_idx]), kTolerance)
        << "row " << row_idx << ": " << actual[row_idx] << " vs XGBoost's " << expected[row_idx];
  }
}

TEST(TreeEnsembleTest, ReadsTheNodesOfAHandMadeModel) {
  TreeEnsemble ensemble =
      TreeEnsemble::FromXgboostJson(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures), kTwoFeatures);
  EXPECT_EQ(ensemble.tree_count(), 1U);
  EXPECT_EQ(ensemble.feature_count(), 2U);
  EXPECT_EQ(ensemble.max_depth(), 2);
  EXPECT_EQ(ensemble.base_margin(), 0.0);
  const std::vector<TreeNode>& nodes = ensemble.trees()[0].nodes;
  ASSERT_EQ(nodes.size(), 5U);
  EXPECT_EQ(nodes[0].split_feature, 0);
  EXPECT_EQ(nodes[0].threshold, 3.0F);
  EXPECT_FALSE(nodes[0].missing_goes_left);
  EXPECT_EQ(nodes[0].left_child, 1);
  EXPECT_EQ(nodes[0].right_child, 2);
  EXPECT_EQ(nodes[0].cover, 10.0);
  EXPECT_TRUE(nodes[3].IsLeaf());
  EXPECT_EQ(nodes[3].leaf_value, -0.25F);
  EXPECT_TRUE(nodes[2].missing_goes_left);
}

TEST(TreeEnsembleTest, SplitsGoLeftBelowTheThresholdAndMissingValuesTakeTheDefaultSide) {
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(
      XgboostJsonOf({TwoLevelTree(), TwoLevelTree()}, kTwoFeatures), kTwoFeatures);
  dataset::FeatureMatrix rows = Rows(kTwoFeatures, {
                                                       2.0F,
                                                       50.0F,  // left
                                                       3.0F,
                                                       9.0F,  // equal: right
                                                       3.0F,
                                                       10.0F,  // right, right
                                                       testing::kMissing,
                                                       99.0F,  // right, right
                                                       7.0F,
                                                       testing::kMissing,  // right, left
                                                       testing::kMissing,
                                                       testing::kMissing,
                                                   });
  std::vector<double> margins = ensemble.PredictMargins(rows, 1);
  EXPECT_EQ(margins, (std::vector<double>{1.0, -0.5, 2.0, 2.0, -0.5, -0.5}));
}

// Values at the edges of a split at 0, with missing values going left in
// the first tree (leaves 1 | 2) and right in the second (leaves 10 | 20).
TEST(TreeEnsembleTest, EdgeValuesTakeXgboostsSides) {
  const std::vector<std::string> names = {"visits"};
  DecisionTree missing_left{
      .nodes = {Split(0, 0.0F, 1, 2, 2.0, true), Leaf(1.0F, 1.0), Leaf(2.0F, 1.0)}, .depth = 1};
  DecisionTree missing_right{
      .nodes = {Split(0, 0.0F, 1, 2, 2.0, false), Leaf(10.0F, 1.0), Leaf(20.0F, 1.0)}, .depth = 1};
  TreeEnsemble ensemble =
      TreeEnsemble::FromXgboostJson(XgboostJsonOf({missing_left, missing_right}, names), names);
  constexpr float kInfinity = std::numeric_limits<float>::infinity();
  constexpr float kSmallest = std::numeric_limits<float>::denorm_min();
  dataset::FeatureMatrix rows =
      Rows(names, {-0.0F, 0.0F, -kSmallest, kSmallest, kInfinity, -kInfinity, testing::kMissing,
                   -1.0F, std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest()});
  // value < 0 goes left: only -denorm_min, -inf, -1 and lowest().
  EXPECT_EQ(ensemble.PredictMargins(rows, 1),
            (std::vector<double>{22, 22, 11, 22, 22, 11, 21, 11, 22, 11}));
}

TEST(TreeEnsembleTest, BaseMarginIsTheLogOddsOfTheBaseScore) {
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(
      XgboostJsonOf({TwoLevelTree()}, kTwoFeatures, /*base_score=*/0.2), kTwoFeatures);
  EXPECT_NEAR(ensemble.base_margin(), std::log(0.25), 1e-12);
  std::vector<double> margins = ensemble.PredictMargins(Rows(kTwoFeatures, {1.0F, 1.0F}), 1);
  EXPECT_NEAR(margins[0], std::log(0.25) + 0.5, 1e-12);
}

TEST(TreeEnsembleTest, MarginsMatchXgboostForADepthwiseModelWithMissingValues) {
  ExpectMarginsMatchXgboost(
      testing::FitOnWideRows(ModelKind::kXgboost, testing::DepthwiseParams(100), 12, 7));
}

TEST(TreeEnsembleTest, MarginsMatchXgboostForALeafwiseModelWithMissingValues) {
  ExpectMarginsMatchXgboost(
      testing::FitOnWideRows(ModelKind::kXgboostLeafwise, testing::LeafwiseParams(100, 31), 12, 8));
}

TEST(TreeEnsembleTest, ReadsAModelCutToItsBestRound) {
  BoostedTreesParams params = testing::DepthwiseParams(200);
  params.learning_rate = 0.8;  // overfits fast, so early stopping cuts the model
  params.early_stopping_rounds = 5;
  dataset::LabelledRows train = testing::WideChurnRows(2000, 6, 3, 0.1);
  dataset::LabelledRows validation = testing::WideChurnRows(500, 6, 4, 0.1);
  BoostingReport report;
  std::unique_ptr<Classifier> classifier =
      FitBoostedTrees(ModelKind::kXgboost, params, train, validation, 2, 3, &report);
  ASSERT_LT(report.best_round, report.rounds_run);
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(classifier->ToJson(), train.features.names);
  EXPECT_EQ(ensemble.tree_count(), static_cast<std::size_t>(report.best_round));
  EXPECT_EQ(ensemble.max_depth(), 6);
  std::vector<double> expected = testing::XgboostMargins(classifier->ToJson(), validation.features);
  std::vector<double> actual = ensemble.PredictMargins(validation.features, 2);
  for (std::size_t row_idx = 0; row_idx < actual.size(); ++row_idx) {
    ASSERT_LE(Discrepancy(actual[row_idx], expected[row_idx]), kTolerance) << row_idx;
  }
}

TEST(TreeEnsembleTest, MarginsDoNotDependOnTheThreads) {
  testing::FittedModel fitted =
      testing::FitOnWideRows(ModelKind::kXgboost, testing::DepthwiseParams(30), 8, 9);
  // Not a multiple of the row block, so the last block is partial.
  dataset::LabelledRows rows = testing::WideChurnRows(1001, 8, 10, 0.2);
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(fitted.json, rows.features.names);
  std::vector<double> one_thread = ensemble.PredictMargins(rows.features, 1);
  EXPECT_EQ(ensemble.PredictMargins(rows.features, 3), one_thread);
  EXPECT_EQ(ensemble.PredictMargins(rows.features, 0), one_thread);
}

TEST(TreeEnsembleTest, NoRowsGiveNoMargins) {
  TreeEnsemble ensemble =
      TreeEnsemble::FromXgboostJson(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures), kTwoFeatures);
  EXPECT_TRUE(ensemble.PredictMargins(Rows(kTwoFeatures, {}), 2).empty());
}

void ExpectInputError(const std::string& json, const std::vector<std::string>& names,
                      const std::string& message) {
  try {
    TreeEnsemble::FromXgboostJson(json, names);
    FAIL() << "expected InputError containing: " << message;
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(message));
  }
}

TEST(TreeEnsembleTest, RejectsOtherObjectivesAndBoosters) {
  ExpectInputError(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures, 0.5, "reg:squarederror"),
                   kTwoFeatures, "objective is 'reg:squarederror'; only binary:logistic");
  ExpectInputError(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures, 0.5, "binary:logistic", "dart"),
                   kTwoFeatures, "booster is 'dart'; only gbtree");
}

TEST(TreeEnsembleTest, RejectsWhatItCannotRead) {
  ExpectInputError("{\"learner\": ", kTwoFeatures, "not valid JSON");
  ExpectInputError("{\"version\": [1, 7, 4]}", kTwoFeatures, "the XGBoost model has no 'learner'");
  ExpectInputError(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures, 0.0), kTwoFeatures,
                   "base_score 0 is not a probability");
  ExpectInputError(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures), {"visits", "sessions"},
                   "does not match the XGBoost model's features");
  ExpectInputError(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures), {"visits"},
                   "the XGBoost model has 2 features, the feature list 1");

  DecisionTree outside = TwoLevelTree();
  outside.nodes[2].right_child = 9;
  ExpectInputError(XgboostJsonOf({outside}, kTwoFeatures), kTwoFeatures,
                   "node 2 of learner.gradient_booster.model.trees[0] has a child outside");
  DecisionTree past_features = TwoLevelTree();
  past_features.nodes[2].split_feature = 2;
  ExpectInputError(XgboostJsonOf({past_features}, kTwoFeatures), kTwoFeatures,
                   "splits on feature 2 of 2");
  DecisionTree loop = TwoLevelTree();
  loop.nodes[2].left_child = 2;
  ExpectInputError(XgboostJsonOf({loop}, kTwoFeatures), kTwoFeatures, "is reached twice");

  nlohmann::json categorical = nlohmann::json::parse(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures));
  categorical["learner"]["gradient_booster"]["model"]["trees"][0]["split_type"][2] = 1;
  ExpectInputError(categorical.dump(), kTwoFeatures, "node 2 of");
  ExpectInputError(categorical.dump(), kTwoFeatures, "is a categorical split");
}

TEST(TreeEnsembleTest, RejectsRowsWithOtherColumns) {
  TreeEnsemble ensemble =
      TreeEnsemble::FromXgboostJson(XgboostJsonOf({TwoLevelTree()}, kTwoFeatures), kTwoFeatures);
  dataset::FeatureMatrix swapped = Rows({"spend", "visits"}, {1.0F, 2.0F});
  EXPECT_THROW(ensemble.PredictMargins(swapped, 1), InputError);
  std::vector<double> too_few(0);
  EXPECT_THROW(ensemble.PredictMargins(Rows(kTwoFeatures, {1.0F, 2.0F}), 1, too_few), InputError);
}

}  // namespace
}  // namespace churn::model

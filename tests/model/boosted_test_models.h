#pragma once
// Boosted-trees models for the TreeEnsemble, boosted-trees classifier and
// TreeShap tests: wide synthetic rows with missing values, models fitted on
// them by XGBoost, what XGBoost itself says of them (margins, contributions),
// and hand-made models written in XGBoost's JSON layout.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/boosted_trees.h"
#include "model/model_kind.h"
#include "model/synthetic_churn_rows.h"
#include "model/tree_ensemble.h"
#include "model/xgboost_handles.h"

namespace churn::model::testing {

inline constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

// Rows of `features` columns named f0, f1, ...: uniform values, every third
// column whole numbers (ties at the thresholds), about `missing_share` of the
// values in the first half of the columns missing. Churn depends on several
// columns with interactions, and on whether f0 is missing, so trees split on
// the same column several times along a path.
inline dataset::LabelledRows WideChurnRows(std::size_t rows, std::size_t features,
                                           std::uint64_t seed, double missing_share) {
  constexpr double kWholeNumberScale = 10.0;
  UnitRandom random(seed);
  dataset::LabelledRows labelled;
  for (std::size_t column_idx = 0; column_idx < features; ++column_idx) {
    labelled.features.names.push_back(fmt::format("f{}", column_idx));
  }
  std::vector<double> row(features);
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    for (std::size_t column_idx = 0; column_idx < features; ++column_idx) {
      double value = random.Next();
      row[column_idx] = column_idx % 3 == 2 ? std::floor(kWholeNumberScale * value) : value;
    }
    double margin = 3.0 * std::sin(6.0 * row[0]) +
                    2.0 * (row[1] - 0.5) * (row[3 % features] - 0.5) +
                    (row[2 % features] > 5 ? 1.0 : -1.0) + 0.5 * std::cos(9.0 * row[1]);
    for (std::size_t column_idx = 0; column_idx < features; ++column_idx) {
      bool missing = column_idx < (features + 1) / 2 && random.Next() < missing_share;
      labelled.features.values.push_back(missing ? kMissing : static_cast<float>(row[column_idx]));
      if (missing && column_idx == 0) {
        margin = 1.5;  // a missing f0 means something of its own
      }
    }
    bool churned = random.Next() < 1.0 / (1.0 + std::exp(-margin));
    labelled.user_ids.push_back(fmt::format("user{}", row_idx));
    labelled.cutoffs.emplace_back("2019-12-01");
    labelled.churned.push_back(churned ? 1 : 0);
  }
  return labelled;
}

inline BoostedTreesParams DepthwiseParams(int rounds) {
  BoostedTreesParams params;
  params.rounds = rounds;
  params.max_depth = 6;
  params.max_leaves = 0;
  params.learning_rate = 0.3;
  params.early_stopping_rounds = 0;
  return params;
}

inline BoostedTreesParams LeafwiseParams(int rounds, int max_leaves) {
  BoostedTreesParams params = DepthwiseParams(rounds);
  params.max_depth = 0;
  params.max_leaves = max_leaves;
  return params;
}

struct FittedModel {
  std::unique_ptr<Classifier> classifier;
  std::string json;
  dataset::LabelledRows rows;  // rows to check on, not trained on
};

inline FittedModel FitOnWideRows(ModelKind kind, const BoostedTreesParams& params,
                                 std::size_t features, std::uint64_t seed) {
  constexpr std::size_t kTrainRows = 4000;
  constexpr std::size_t kCheckRows = 600;
  constexpr double kMissingShare = 0.15;
  constexpr int kThreads = 2;
  dataset::LabelledRows train = WideChurnRows(kTrainRows, features, seed, kMissingShare);
  dataset::LabelledRows validation = WideChurnRows(kCheckRows, features, seed + 1, kMissingShare);
  FittedModel fitted;
  fitted.classifier = FitBoostedTrees(kind, params, train, validation, kThreads, seed, nullptr);
  fitted.json = fitted.classifier->ToJson();
  fitted.rows = WideChurnRows(kCheckRows, features, seed + 2, kMissingShare);
  return fitted;
}

// XGBoost's own margins of `rows` for the model saved as `json`, from its
// predictor (summed in float).
inline std::vector<double> XgboostMargins(const std::string& json,
                                          const dataset::FeatureMatrix& rows) {
  XgboostBooster booster = XgboostBooster::Load(json);
  XgboostMatrix matrix = XgboostMatrix::FromFeatures(rows);
  XgboostPrediction margins = booster.Predict(matrix, XgboostOutput::kMargin);
  EXPECT_EQ(margins.values.size(), rows.rows());
  return std::vector<double>(margins.values.begin(), margins.values.end());
}

// XGBoost's own pred_contribs of `rows` for the model saved as `json`:
// rows × (features + 1), the bias last.
inline std::vector<float> XgboostContributions(const std::string& json,
                                               const dataset::FeatureMatrix& rows) {
  XgboostBooster booster = XgboostBooster::Load(json);
  XgboostMatrix matrix = XgboostMatrix::FromFeatures(rows);
  XgboostPrediction contributions = booster.Predict(matrix, XgboostOutput::kContributions);
  EXPECT_EQ(contributions.shape.size(), 2U);
  EXPECT_EQ(contributions.values.size(), rows.rows() * (rows.cols() + 1));
  return std::vector<float>(contributions.values.begin(), contributions.values.end());
}

// A model in XGBoost 1.7's JSON layout with the given trees (every node
// reached from its root; leaf values in split_conditions, as XGBoost keeps
// them).
inline std::string XgboostJsonOf(const std::vector<DecisionTree>& trees,
                                 const std::vector<std::string>& feature_names,
                                 double base_score = 0.5,
                                 std::string_view objective = "binary:logistic",
                                 std::string_view booster = "gbtree") {
  nlohmann::json trees_json = nlohmann::json::array();
  for (std::size_t tree_idx = 0; tree_idx < trees.size(); ++tree_idx) {
    nlohmann::json tree = {{"id", tree_idx}};
    for (const char* key :
         {"left_children", "right_children", "split_indices", "split_conditions", "default_left",
          "sum_hessian", "split_type", "base_weights", "loss_changes", "parents"}) {
      tree[key] = nlohmann::json::array();
    }
    for (const TreeNode& node : trees[tree_idx].nodes) {
      tree["left_children"].push_back(node.left_child);
      tree["right_children"].push_back(node.right_child);
      tree["split_indices"].push_back(node.IsLeaf() ? 0 : node.split_feature);
      tree["split_conditions"].push_back(node.IsLeaf() ? node.leaf_value : node.threshold);
      tree["default_left"].push_back(node.missing_goes_left ? 1 : 0);
      tree["sum_hessian"].push_back(node.cover);
      tree["split_type"].push_back(0);
      tree["base_weights"].push_back(node.leaf_value);
      tree["loss_changes"].push_back(0.0);
      tree["parents"].push_back(0);
    }
    tree["tree_param"] = {{"num_deleted", "0"},
                          {"num_feature", std::to_string(feature_names.size())},
                          {"num_nodes", std::to_string(trees[tree_idx].nodes.size())},
                          {"size_leaf_vector", "0"}};
    trees_json.push_back(tree);
  }
  nlohmann::json model = {
      {"learner",
       {{"attributes", nlohmann::json::object()},
        {"feature_names", feature_names},
        {"feature_types", std::vector<std::string>(feature_names.size(), "float")},
        {"gradient_booster",
         {{"model",
           {{"gbtree_model_param",
             {{"num_parallel_tree", "1"},
              {"num_trees", std::to_string(trees.size())},
              {"size_leaf_vector", "0"}}},
            {"tree_info", std::vector<int>(trees.size(), 0)},
            {"trees", trees_json}}},
          {"name", booster}}},
        {"learner_model_param",
         {{"base_score", fmt::format("{}", base_score)},
          {"boost_from_average", "1"},
          {"num_class", "0"},
          {"num_feature", std::to_string(feature_names.size())},
          {"num_target", "1"}}},
        {"objective", {{"name", objective}, {"reg_loss_param", {{"scale_pos_weight", "1"}}}}}}},
      {"version", {1, 7, 4}}};
  return model.dump();
}

// A split node and a leaf, for hand-made trees.
inline TreeNode Split(std::int32_t feature, float threshold, std::int32_t left, std::int32_t right,
                      double cover, bool missing_goes_left = true) {
  return TreeNode{.left_child = left,
                  .right_child = right,
                  .split_feature = feature,
                  .threshold = threshold,
                  .missing_goes_left = missing_goes_left,
                  .cover = cover};
}

inline TreeNode Leaf(float value, double cover) {
  return TreeNode{.leaf_value = value, .cover = cover};
}

// How far `actual` is from `expected`, relative to the larger of 1 and
// |expected|: the tests' measure of agreement, 1e-5 at most.
inline double Discrepancy(double actual, double expected) {
  return std::abs(actual - expected) / std::max(1.0, std::abs(expected));
}

}  // namespace churn::model::testing

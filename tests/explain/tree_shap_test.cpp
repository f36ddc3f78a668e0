#include "explain/tree_shap.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "errors/error.h"
#include "model/boosted_test_models.h"

namespace churn::explain {
namespace {

namespace testing = model::testing;
using model::DecisionTree;
using model::ModelKind;
using model::TreeEnsemble;
using model::TreeNode;

using testing::Discrepancy;
using testing::Leaf;
using testing::Split;
using testing::XgboostJsonOf;

constexpr double kTolerance = 1e-5;

// The path-dependent value of a subset of features (Lundberg et al. 2020,
// Algorithm 1): a split on a known feature follows the row, a split on an
// unknown one averages both sides by cover.
double SubsetValue(const DecisionTree& tree, std::int32_t node_idx, std::span<const float> row,
                   std::uint32_t known) {
  const TreeNode& node = tree.nodes[static_cast<std::size_t>(node_idx)];
  if (node.IsLeaf()) {
    return node.leaf_value;
  }
  if ((known >> node.split_feature & 1U) != 0) {
    float value = row[static_cast<std::size_t>(node.split_feature)];
    bool go_left = std::isnan(value) ? node.missing_goes_left : value < node.threshold;
    return SubsetValue(tree, go_left ? node.left_child : node.right_child, row, known);
  }
  const TreeNode& left = tree.nodes[static_cast<std::size_t>(node.left_child)];
  const TreeNode& right = tree.nodes[static_cast<std::size_t>(node.right_child)];
  return (left.cover * SubsetValue(tree, node.left_child, row, known) +
          right.cover * SubsetValue(tree, node.right_child, row, known)) /
         node.cover;
}

// Shapley values by their definition, over every subset of the features.
std::vector<double> BruteForceShapley(const DecisionTree& tree, std::span<const float> row) {
  const std::size_t features = row.size();
  const std::uint32_t subsets = 1U << features;
  std::vector<double> values(subsets);
  for (std::uint32_t known = 0; known < subsets; ++known) {
    values[known] = SubsetValue(tree, 0, row, known);
  }
  std::vector<double> factorial(features + 1, 1.0);
  for (std::size_t count = 1; count <= features; ++count) {
    factorial[count] = factorial[count - 1] * static_cast<double>(count);
  }
  std::vector<double> shapley(features, 0.0);
  for (std::size_t feature = 0; feature < features; ++feature) {
    for (std::uint32_t known = 0; known < subsets; ++known) {
      if ((known >> feature & 1U) != 0) {
        continue;
      }
      auto size = static_cast<std::size_t>(std::popcount(known));
      double weight = factorial[size] * factorial[features - size - 1] / factorial[features];
      shapley[feature] += weight * (values[known | 1U << feature] - values[known]);
    }
  }
  return shapley;
}

// A random tree with a spine, the leftmost path, of `max_depth` splits, so
// that some leaves meet many distinct features; paths split on a feature
// twice now and then. Off the spine, nodes turn into leaves at random.
class RandomTreeMaker {
 public:
  RandomTreeMaker(std::uint64_t seed, std::int32_t features, int max_depth)
      : random_(seed), features_(features), max_depth_(max_depth) {}

  DecisionTree Make() {
    DecisionTree tree;
    tree.nodes.emplace_back();
    Grow(tree, 0, 0, true);
    return tree;
  }

 private:
  static constexpr int kMinDepth = 3;
  static constexpr double kLeafChance = 0.55;
  static constexpr double kRandomFeatureChance = 0.2;

  // Fills node `node_idx` and returns its cover: the sum of its children's,
  // as XGBoost's sum_hessian is.
  double Grow(DecisionTree& tree, std::size_t node_idx, int depth, bool on_spine) {
    if (depth >= max_depth_ || (!on_spine && depth >= kMinDepth && random_.Next() < kLeafChance)) {
      double cover = 0.5 + 10 * random_.Next();
      tree.nodes[node_idx] = Leaf(static_cast<float>(2 * random_.Next() - 1), cover);
      tree.depth = std::max(tree.depth, depth);
      return cover;
    }
    auto left = static_cast<std::int32_t>(tree.nodes.size());
    tree.nodes.emplace_back();
    tree.nodes.emplace_back();
    std::int32_t feature = random_.Next() < kRandomFeatureChance
                               ? static_cast<std::int32_t>(random_.Next() * features_)
                               : depth % features_;
    auto threshold = static_cast<float>(random_.Next());
    bool missing_goes_left = random_.Next() < 0.5;
    double cover = Grow(tree, static_cast<std::size_t>(left), depth + 1, on_spine) +
                   Grow(tree, static_cast<std::size_t>(left) + 1, depth + 1, false);
    tree.nodes[node_idx] = Split(feature, threshold, left, left + 1, cover, missing_goes_left);
    return cover;
  }

  model::testing::UnitRandom random_;
  std::int32_t features_;
  int max_depth_;
};

// The most distinct features on one root-to-leaf path, and whether a path
// splits twice on one feature.
struct PathShape {
  std::size_t most_distinct = 0;
  bool repeats = false;
};

void ShapeOfPaths(const DecisionTree& tree, std::int32_t node_idx, std::vector<std::int32_t>& path,
                  PathShape& shape) {
  const TreeNode& node = tree.nodes[static_cast<std::size_t>(node_idx)];
  if (node.IsLeaf()) {
    std::set<std::int32_t> distinct(path.begin(), path.end());
    shape.most_distinct = std::max(shape.most_distinct, distinct.size());
    shape.repeats = shape.repeats || distinct.size() < path.size();
    return;
  }
  path.push_back(node.split_feature);
  ShapeOfPaths(tree, node.left_child, path, shape);
  ShapeOfPaths(tree, node.right_child, path, shape);
  path.pop_back();
}

PathShape ShapeOfPaths(const TreeEnsemble& ensemble) {
  PathShape shape;
  std::vector<std::int32_t> path;
  for (const DecisionTree& tree : ensemble.trees()) {
    ShapeOfPaths(tree, 0, path, shape);
  }
  return shape;
}

// Contributions, and the margins they must add up to.
void ExpectAgreementWithXgboost(const testing::FittedModel& fitted) {
  const dataset::FeatureMatrix& rows = fitted.rows.features;
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(fitted.json, rows.names);
  TreeShap shap(ensemble);
  std::vector<float> actual = shap.Explain(rows, 2);
  std::vector<float> expected = testing::XgboostContributions(fitted.json, rows);
  ASSERT_EQ(actual.size(), expected.size());
  const std::size_t width = rows.cols() + 1;
  std::vector<double> margins = ensemble.PredictMargins(rows, 2);
  for (std::size_t row_idx = 0; row_idx < rows.rows(); ++row_idx) {
    double sum = 0;
    for (std::size_t column_idx = 0; column_idx < width; ++column_idx) {
      std::size_t at = row_idx * width + column_idx;
      ASSERT_LE(Discrepancy(actual[at], expected[at]), kTolerance)
          << "row " << row_idx << ", column " << column_idx << ": " << actual[at]
          << " vs XGBoost's " << expected[at];
      sum += actual[at];
    }
    ASSERT_LE(Discrepancy(sum, margins[row_idx]), kTolerance) << "row " << row_idx;
  }
}

TEST(TreeShapTest, GivesTheShapleyValuesOfAHandMadeTree) {
  // visits < 0.5 → 1 (cover 4); otherwise spend < 0.5 → 2 (cover 3) or 4
  // (cover 3). For (0.7, 0.2): v({}) = 0.4 + 0.6 * 3 = 2.2, v(visits) = 3,
  // v(spend) = 0.4 + 0.6 * 2 = 1.6, v(both) = 2, so
  // phi_visits = (0.8 + 0.4) / 2 = 0.6 and phi_spend = (-0.6 - 1.0) / 2 = -0.8.
  DecisionTree tree{.nodes = {Split(0, 0.5F, 1, 2, 10.0), Leaf(1.0F, 4.0),
                              Split(1, 0.5F, 3, 4, 6.0), Leaf(2.0F, 3.0), Leaf(4.0F, 3.0)},
                    .depth = 2};
  std::vector<std::string> names = {"visits", "spend"};
  TreeShap shap(TreeEnsemble::FromXgboostJson(XgboostJsonOf({tree}, names, 0.2), names));
  EXPECT_EQ(shap.feature_count(), 2U);
  EXPECT_GT(shap.table_bytes(), 0U);
  double base_value = std::log(0.25) + 2.2;
  EXPECT_NEAR(shap.base_value(), base_value, 1e-12);
  std::vector<float> contributions =
      shap.Explain(dataset::FeatureMatrix{.names = names, .values = {0.7F, 0.2F}}, 1);
  ASSERT_EQ(contributions.size(), 3U);
  EXPECT_NEAR(contributions[0], 0.6, 1e-6);
  EXPECT_NEAR(contributions[1], -0.8, 1e-6);
  EXPECT_NEAR(contributions[2], base_value, 1e-6);
}

// One split at 0 whose missing values go left: the feature's contribution
// is the leaf the row reaches (1 or 2) less the mean, 1.5.
TEST(TreeShapTest, EdgeValuesTakeXgboostsSides) {
  const std::vector<std::string> names = {"visits"};
  DecisionTree tree{.nodes = {Split(0, 0.0F, 1, 2, 2.0, true), Leaf(1.0F, 1.0), Leaf(2.0F, 1.0)},
                    .depth = 1};
  TreeShap shap(TreeEnsemble::FromXgboostJson(XgboostJsonOf({tree}, names), names));
  constexpr float kInfinity = std::numeric_limits<float>::infinity();
  constexpr float kSmallest = std::numeric_limits<float>::denorm_min();
  std::vector<float> values = {-0.0F,     0.0F,       -kSmallest,       kSmallest,
                               kInfinity, -kInfinity, testing::kMissing};
  std::vector<float> contributions =
      shap.Explain(dataset::FeatureMatrix{.names = names, .values = values}, 1);
  std::vector<float> expected = {0.5F, 1.5F, 0.5F, 1.5F,  -0.5F, 1.5F,  0.5F,
                                 1.5F, 0.5F, 1.5F, -0.5F, 1.5F,  -0.5F, 1.5F};
  EXPECT_EQ(contributions, expected);
}

// Random trees against Shapley values by their definition, with paths long
// enough for each way TreeShap evaluates a leaf: a table row (up to 8
// distinct features), pattern weights (up to 12) and a walk along the path.
void ExpectShapleyValuesByDefinition(std::int32_t features, int max_depth,
                                     std::size_t least_distinct) {
  constexpr std::size_t kTrees = 3;
  constexpr std::size_t kRows = 8;
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(features));
  for (std::int32_t feature = 0; feature < features; ++feature) {
    names.push_back(fmt::format("f{}", feature));
  }
  RandomTreeMaker maker(static_cast<std::uint64_t>(17 + features), features, max_depth);
  std::vector<DecisionTree> trees;
  for (std::size_t tree_idx = 0; tree_idx < kTrees; ++tree_idx) {
    trees.push_back(maker.Make());
  }
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(XgboostJsonOf(trees, names), names);
  PathShape shape = ShapeOfPaths(ensemble);
  ASSERT_GE(shape.most_distinct, least_distinct);
  ASSERT_TRUE(shape.repeats);

  dataset::FeatureMatrix rows =
      testing::WideChurnRows(kRows, static_cast<std::size_t>(features), 5, 0.2).features;
  TreeShap shap(ensemble);
  std::vector<float> contributions = shap.Explain(rows, 2);
  const auto width = static_cast<std::size_t>(features) + 1;
  for (std::size_t row_idx = 0; row_idx < kRows; ++row_idx) {
    std::vector<double> expected(static_cast<std::size_t>(features), 0.0);
    for (const DecisionTree& tree : ensemble.trees()) {
      std::vector<double> of_tree = BruteForceShapley(tree, rows.Row(row_idx));
      std::transform(expected.begin(), expected.end(), of_tree.begin(), expected.begin(),
                     std::plus<>());
    }
    for (std::size_t feature = 0; feature < expected.size(); ++feature) {
      EXPECT_LE(Discrepancy(contributions[row_idx * width + feature], expected[feature]),
                kTolerance)
          << "row " << row_idx << ", feature " << feature;
    }
  }
}

TEST(TreeShapTest, MatchesShapleyValuesByDefinitionWithTablesAndPatternWeights) {
  ExpectShapleyValuesByDefinition(10, 13, 10);
}

TEST(TreeShapTest, MatchesShapleyValuesByDefinitionOnPathsPastEveryTable) {
  ExpectShapleyValuesByDefinition(14, 16, 14);
}

TEST(TreeShapTest, AgreesWithXgboostOnADepthwiseModel) {
  testing::FittedModel fitted =
      testing::FitOnWideRows(ModelKind::kXgboost, testing::DepthwiseParams(100), 12, 21);
  EXPECT_EQ(TreeEnsemble::FromXgboostJson(fitted.json, fitted.rows.features.names).max_depth(), 6);
  ExpectAgreementWithXgboost(fitted);
}

TEST(TreeShapTest, AgreesWithXgboostOnALeafwiseModel) {
  testing::FittedModel fitted =
      testing::FitOnWideRows(ModelKind::kXgboostLeafwise, testing::LeafwiseParams(100, 31), 12, 22);
  ExpectAgreementWithXgboost(fitted);
}

TEST(TreeShapTest, AgreesWithXgboostWhenPathsSplitTwiceOnAFeature) {
  // Three features and depth 6: most paths must split on a feature again.
  testing::FittedModel fitted =
      testing::FitOnWideRows(ModelKind::kXgboost, testing::DepthwiseParams(50), 3, 23);
  ASSERT_TRUE(
      ShapeOfPaths(TreeEnsemble::FromXgboostJson(fitted.json, fitted.rows.features.names)).repeats);
  ExpectAgreementWithXgboost(fitted);
}

TEST(TreeShapTest, ValuesDoNotDependOnTheThreads) {
  testing::FittedModel fitted =
      testing::FitOnWideRows(ModelKind::kXgboostLeafwise, testing::LeafwiseParams(40, 31), 10, 24);
  // Not a multiple of the row block, so the last block is partial.
  dataset::FeatureMatrix rows = testing::WideChurnRows(333, 10, 25, 0.2).features;
  TreeShap shap(TreeEnsemble::FromXgboostJson(fitted.json, rows.names));
  std::vector<float> one_thread = shap.Explain(rows, 1);
  EXPECT_EQ(shap.Explain(rows, 3), one_thread);
  EXPECT_EQ(shap.Explain(rows, 0), one_thread);
}

// Workers report each block they finish: the counts rise to every row,
// whichever thread reports, and the values are those of no reporting.
TEST(TreeShapTest, ReportsTheRowsExplainedFromEveryWorker) {
  testing::FittedModel fitted =
      testing::FitOnWideRows(ModelKind::kXgboost, testing::DepthwiseParams(20), 6, 26);
  dataset::FeatureMatrix rows = testing::WideChurnRows(1000, 6, 27, 0.2).features;
  TreeShap shap(TreeEnsemble::FromXgboostJson(fitted.json, rows.names));
  std::vector<std::int64_t> done;
  progress::Reporter progress([&](const progress::Step& step) {
    EXPECT_EQ(step.task, "SHAP values");
    EXPECT_EQ(step.total, 1000);
    done.push_back(step.done);
  });
  EXPECT_EQ(shap.Explain(rows, 3, progress), shap.Explain(rows, 1));
  ASSERT_FALSE(done.empty());
  EXPECT_TRUE(std::is_sorted(done.begin(), done.end())) << "one count, reported in turn";
  EXPECT_EQ(done.back(), 1000);
}

TEST(TreeShapTest, AStumpOnlyModelPutsEverythingInTheBaseValue) {
  std::vector<std::string> names = {"visits"};
  DecisionTree stump{.nodes = {Leaf(0.75F, 5.0)}, .depth = 0};
  TreeShap shap(TreeEnsemble::FromXgboostJson(XgboostJsonOf({stump, stump}, names), names));
  std::vector<float> contributions =
      shap.Explain(dataset::FeatureMatrix{.names = names, .values = {1.0F, testing::kMissing}}, 2);
  EXPECT_EQ(contributions, (std::vector<float>{0.0F, 1.5F, 0.0F, 1.5F}));
}

TEST(TreeShapTest, RejectsRowsWithOtherColumnsOrAWrongOutputSize) {
  std::vector<std::string> names = {"visits", "spend"};
  DecisionTree tree{.nodes = {Split(1, 0.5F, 1, 2, 2.0), Leaf(1.0F, 1.0), Leaf(-1.0F, 1.0)},
                    .depth = 1};
  TreeShap shap(TreeEnsemble::FromXgboostJson(XgboostJsonOf({tree}, names), names));
  dataset::FeatureMatrix swapped{.names = {"spend", "visits"}, .values = {1.0F, 2.0F}};
  EXPECT_THROW(shap.Explain(swapped, 1), InputError);
  dataset::FeatureMatrix rows{.names = names, .values = {1.0F, 2.0F}};
  std::vector<float> too_small(2);
  EXPECT_THROW(shap.Explain(rows, 1, too_small), InputError);
  EXPECT_TRUE(shap.Explain(dataset::FeatureMatrix{.names = names, .values = {}}, 2).empty());
}

TEST(TreeShapTest, RejectsATreeTooDeepToPrecompute) {
  constexpr std::int32_t kDepth = 2'001;
  std::vector<std::string> names = {"visits"};
  // A chain: split k sends the row left to a leaf, right to split k + 1.
  DecisionTree chain;
  chain.depth = kDepth;
  for (std::int32_t level = 0; level < kDepth; ++level) {
    auto cover = static_cast<double>(kDepth - level + 1);
    chain.nodes.push_back(Split(0, static_cast<float>(level), 2 * level + 1, 2 * level + 2, cover));
    chain.nodes.push_back(Leaf(1.0F, 1.0));
  }
  chain.nodes.push_back(Leaf(2.0F, 1.0));
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(XgboostJsonOf({chain}, names), names);
  ASSERT_EQ(ensemble.max_depth(), kDepth);
  EXPECT_THROW(TreeShap{ensemble}, InputError);
}

TEST(TreeShapTest, RejectsASplitWithoutCover) {
  std::vector<std::string> names = {"visits"};
  DecisionTree tree{.nodes = {Split(0, 0.5F, 1, 2, 0.0), Leaf(1.0F, 0.0), Leaf(-1.0F, 0.0)},
                    .depth = 1};
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(XgboostJsonOf({tree}, names), names);
  EXPECT_THROW(TreeShap{ensemble}, InputError);
}

}  // namespace
}  // namespace churn::explain

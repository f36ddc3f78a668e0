#pragma once
// TreeEnsemble: a boosted-trees model read from XGBoost's JSON (model.json
// of the "xgboost" and "xgboost_leafwise" candidates) into the project's own
// representation: the scoring engine of the boosted-trees classifier and
// what TreeShap explains, so that neither calls into XGBoost, which only
// trains:
//
//   TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(json, feature_names);
//   std::vector<double> margins(rows.rows());
//   ensemble.PredictMargins(rows, /*threads=*/2, margins);
//
// Each tree keeps XGBoost's nodes as they were saved (the split, the side a
// missing value takes, the leaf values and the cover that TreeSHAP weighs
// paths by). Batch scoring reads a second, flat copy of every tree built for
// speed: 16-byte nodes with one comparison per split, missing values
// included, and leaves that point at themselves, so that a block of rows
// walks a tree in lock step for exactly the tree's depth, without a branch
// per row (see tree_ensemble.cpp).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "model/split_test.h"

namespace churn::model {

// One node of a tree, numbered as XGBoost numbers it (the root is node 0).
struct TreeNode {
  static constexpr std::int32_t kNoChild = -1;

  std::int32_t left_child = kNoChild;  // kNoChild: the node is a leaf
  std::int32_t right_child = kNoChild;
  std::int32_t split_feature = 0;  // a column of the ensemble's features
  float threshold = 0;             // XGBoost goes left when value < threshold
  bool missing_goes_left = true;   // the side a missing value (NaN) takes
  float leaf_value = 0;            // leaves only: added to the margin
  // XGBoost's sum_hessian: the weight of the training rows that reached the
  // node. Path-dependent TreeSHAP takes cover(child) / cover(node) as the
  // share of rows that go to a child when the split's feature is unknown.
  double cover = 0;
  float loss_change = 0;  // splits only: XGBoost's loss_chg, the split's gain

  bool IsLeaf() const { return left_child == kNoChild; }
};

struct DecisionTree {
  std::vector<TreeNode> nodes;  // nodes[0] is the root
  int depth = 0;                // edges from the root to the deepest leaf
};

class TreeEnsemble {
 public:
  // Reads XGBoost 1.7's JSON model of a gbtree booster with the objective
  // binary:logistic. `feature_names` are the model's columns, in order; the
  // names the JSON carries, when it carries any, must be the same. Throws
  // InputError naming the key or value it cannot use: another booster or
  // objective, a categorical split, a split on a column past the features,
  // malformed JSON.
  static TreeEnsemble FromXgboostJson(std::string_view json,
                                      const std::vector<std::string>& feature_names);

  // The margin before any tree: logit(base_score), since XGBoost saves
  // base_score as a probability for binary:logistic.
  double base_margin() const { return base_margin_; }
  std::size_t feature_count() const { return feature_names_.size(); }
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  std::size_t tree_count() const { return trees_.size(); }
  const std::vector<DecisionTree>& trees() const { return trees_; }
  // The deepest tree's depth: 0 when every tree is a single leaf, or there are none.
  int max_depth() const { return max_depth_; }

  // The log-odds of every row: base_margin() plus one leaf value per tree,
  // summed in double. `rows` must have the ensemble's columns in order and
  // `out` one entry per row (InputError otherwise). `threads` <= 0 means
  // every core. The result does not depend on `threads`.
  void PredictMargins(const dataset::FeatureMatrix& rows, int threads, std::span<double> out) const;
  // The same, allocated.
  std::vector<double> PredictMargins(const dataset::FeatureMatrix& rows, int threads) const;

  // XGBoost's feature importances (XGBoosterFeatureScore), to the last
  // bit: per feature, the number of splits on it (weight) and the mean gain
  // and cover of those splits, summed in float in XGBoost's order. One entry
  // per feature, in column order; 0 for a feature no split uses.
  std::vector<FeatureImportance> Importances() const;

  // InputError unless `rows` has the ensemble's columns, in order; `what`
  // names the rows in the message ("the rows to explain").
  void RequireColumns(const dataset::FeatureMatrix& rows, std::string_view what) const;

 private:
  // A node of the flat copy for scoring. A split is one comparison
  // (SplitTest, split_test.h) of column `feature_and_sign & kFeatureMask`,
  // whose sign flip is `feature_and_sign & SplitTest::kSignFlip`: the row
  // goes to children[0] when it passes, to children[1] otherwise. A leaf
  // keeps its value in `threshold_or_value` and both its children point back
  // at itself.
  struct PackedNode {
    static constexpr std::uint32_t kFeatureMask = ~SplitTest::kSignFlip;

    float threshold_or_value = 0;
    std::uint32_t feature_and_sign = 0;
    std::uint32_t children[2] = {0, 0};  // test passed, test failed
  };
  static_assert(sizeof(PackedNode) == 16);

  struct PackedTree {
    std::uint32_t root = 0;  // index into packed_nodes_
    int depth = 0;
  };

  void Pack();
  // Adds each tree's leaf value to margins[row - first_row] for the rows
  // [first_row, first_row + margins.size()).
  void AddTreeMargins(const dataset::FeatureMatrix& rows, std::size_t first_row,
                      std::span<double> margins) const;

  std::vector<std::string> feature_names_;
  std::vector<DecisionTree> trees_;
  double base_margin_ = 0;
  int max_depth_ = 0;
  std::vector<PackedNode> packed_nodes_;
  std::vector<PackedTree> packed_trees_;
};

}  // namespace churn::model

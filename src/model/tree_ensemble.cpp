#include "model/tree_ensemble.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "errors/error.h"
#include "model/row_requirements.h"
#include "parallel/parallel_for.h"

namespace churn::model {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kGbtreeBooster = "gbtree";
constexpr std::string_view kLogisticObjective = "binary:logistic";
// XGBoost's split_type of a numerical split; 1 is a categorical one.
constexpr int kNumericalSplit = 0;
// Rows scored together against one tree: their features (64 rows of ~50
// floats, 13 KB) and the tree's nodes stay in the L1 cache while every row of
// the block walks the tree, and the rows' walks are independent, so the CPU
// overlaps their memory reads.
constexpr std::size_t kRowBlock = 128;

// The member `key` of `object`, found at `path` ("" for the document).
const Json& Member(const Json& object, std::string_view key, std::string_view path) {
  std::string member_path = path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  if (!object.is_object()) {
    throw InputError(
        fmt::format("the XGBoost model has no '{}': its parent is not a JSON object", member_path));
  }
  auto member = object.find(key);
  if (member == object.end()) {
    throw InputError(fmt::format("the XGBoost model has no '{}'", member_path));
  }
  return *member;
}

std::string_view StringMember(const Json& object, std::string_view key, std::string_view path) {
  const Json& member = Member(object, key, path);
  if (!member.is_string()) {
    throw InputError(fmt::format("the XGBoost model's '{}.{}' is not a string", path, key));
  }
  return member.get_ref<const std::string&>();
}

// XGBoost saves its parameters as strings: "5E-1".
double NumberInString(const Json& object, std::string_view key, std::string_view path) {
  std::string_view text = StringMember(object, key, path);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw InputError(
        fmt::format("the XGBoost model's '{}.{}' is '{}', not a number", path, key, text));
  }
  return value;
}

// One array per node attribute, each with `node_count` entries.
const Json& NodeArray(const Json& tree, std::string_view key, std::size_t node_count,
                      std::string_view path) {
  const Json& array = Member(tree, key, path);
  if (!array.is_array() || array.size() != node_count) {
    throw InputError(fmt::format("the XGBoost model's '{}.{}' is not an array of {} values", path,
                                 key, node_count));
  }
  return array;
}

template <typename Number>
Number NodeNumber(const Json& array, std::size_t node_idx, std::string_view key,
                  std::string_view path) {
  const Json& value = array[node_idx];
  // default_left is 0 or 1 in XGBoost's JSON, a boolean in some versions.
  if (value.is_boolean()) {
    return static_cast<Number>(value.get<bool>() ? 1 : 0);
  }
  if (!value.is_number()) {
    throw InputError(
        fmt::format("the XGBoost model's '{}.{}[{}]' is not a number", path, key, node_idx));
  }
  return value.get<Number>();
}

void RequireLogisticGbtree(const Json& learner) {
  std::string_view objective =
      StringMember(Member(learner, "objective", "learner"), "name", "learner.objective");
  if (objective != kLogisticObjective) {
    throw InputError(fmt::format("the XGBoost model's objective is '{}'; only {} can be read",
                                 objective, kLogisticObjective));
  }
  std::string_view booster = StringMember(Member(learner, "gradient_booster", "learner"), "name",
                                          "learner.gradient_booster");
  if (booster != kGbtreeBooster) {
    throw InputError(fmt::format("the XGBoost model's booster is '{}'; only {} can be read",
                                 booster, kGbtreeBooster));
  }
}

// The names the model was trained with, when it saved them, must be ours.
void RequireFeatureNames(const Json& learner, const std::vector<std::string>& feature_names) {
  const Json& model_param = Member(learner, "learner_model_param", "learner");
  double saved_count = NumberInString(model_param, "num_feature", "learner.learner_model_param");
  if (saved_count != static_cast<double>(feature_names.size())) {
    throw InputError(fmt::format("the XGBoost model has {} features, the feature list {}",
                                 saved_count, feature_names.size()));
  }
  auto saved = learner.find("feature_names");
  if (saved == learner.end() || !saved->is_array() || saved->empty()) {
    return;
  }
  std::vector<std::string> saved_names;
  for (const Json& name : *saved) {
    if (!name.is_string()) {
      throw InputError("the XGBoost model's 'learner.feature_names' are not all strings");
    }
    saved_names.push_back(name.get<std::string>());
  }
  if (std::optional<std::string> difference = FirstColumnDifference(saved_names, feature_names)) {
    throw InputError(fmt::format("the feature list does not match the XGBoost model's features: {}",
                                 *difference));
  }
}

// XGBoost saves base_score as a probability for binary:logistic and adds its
// log-odds to every margin.
double BaseMargin(const Json& learner) {
  double base_score = NumberInString(Member(learner, "learner_model_param", "learner"),
                                     "base_score", "learner.learner_model_param");
  if (!(base_score > 0 && base_score < 1)) {
    throw InputError(fmt::format(
        "the XGBoost model's base_score {} is not a probability strictly between 0 and 1",
        base_score));
  }
  return std::log(base_score / (1 - base_score));
}

// Reads node `node_idx` of the arrays of one tree.
struct TreeArrays {
  const Json& left;
  const Json& right;
  const Json& features;
  const Json& conditions;
  const Json& default_left;
  const Json& covers;
  const Json& split_types;
  const Json& loss_changes;
};

TreeNode ReadNode(const TreeArrays& arrays, std::size_t node_idx, std::size_t node_count,
                  std::size_t feature_count, std::string_view path) {
  TreeNode node;
  node.left_child = NodeNumber<std::int32_t>(arrays.left, node_idx, "left_children", path);
  node.right_child = NodeNumber<std::int32_t>(arrays.right, node_idx, "right_children", path);
  node.cover = NodeNumber<double>(arrays.covers, node_idx, "sum_hessian", path);
  float condition = NodeNumber<float>(arrays.conditions, node_idx, "split_conditions", path);
  if (node.IsLeaf()) {
    node.right_child = TreeNode::kNoChild;
    node.leaf_value = condition;  // XGBoost keeps a leaf's value in split_conditions
    return node;
  }
  auto in_tree = [&](std::int32_t child) {
    return child > 0 && static_cast<std::size_t>(child) < node_count;
  };
  if (!in_tree(node.left_child) || !in_tree(node.right_child)) {
    throw InputError(fmt::format("the XGBoost model's node {} of {} has a child outside the tree",
                                 node_idx, path));
  }
  if (NodeNumber<int>(arrays.split_types, node_idx, "split_type", path) != kNumericalSplit) {
    throw InputError(fmt::format(
        "the XGBoost model's node {} of {} is a categorical split, which cannot be read", node_idx,
        path));
  }
  node.split_feature = NodeNumber<std::int32_t>(arrays.features, node_idx, "split_indices", path);
  if (node.split_feature < 0 || static_cast<std::size_t>(node.split_feature) >= feature_count) {
    throw InputError(fmt::format("the XGBoost model's node {} of {} splits on feature {} of {}",
                                 node_idx, path, node.split_feature, feature_count));
  }
  node.threshold = condition;
  node.loss_change = NodeNumber<float>(arrays.loss_changes, node_idx, "loss_changes", path);
  node.missing_goes_left =
      NodeNumber<int>(arrays.default_left, node_idx, "default_left", path) != 0;
  return node;
}

// The depth of the tree, checking on the way that every node is reached
// once from the root (a malformed file could loop). Nodes XGBoost deleted
// while pruning stay in the arrays, unreached, and are ignored.
int TreeDepth(const DecisionTree& tree, std::string_view path) {
  std::vector<bool> reached(tree.nodes.size(), false);
  std::vector<std::pair<std::int32_t, int>> pending = {{0, 0}};
  int depth = 0;
  while (!pending.empty()) {
    auto [node_idx, node_depth] = pending.back();
    pending.pop_back();
    if (reached[static_cast<std::size_t>(node_idx)]) {
      throw InputError(
          fmt::format("the XGBoost model's node {} of {} is reached twice", node_idx, path));
    }
    reached[static_cast<std::size_t>(node_idx)] = true;
    depth = std::max(depth, node_depth);
    const TreeNode& node = tree.nodes[static_cast<std::size_t>(node_idx)];
    if (!node.IsLeaf()) {
      pending.emplace_back(node.left_child, node_depth + 1);
      pending.emplace_back(node.right_child, node_depth + 1);
    }
  }
  return depth;
}

DecisionTree ReadTree(const Json& tree_json, std::size_t tree_idx, std::size_t feature_count) {
  std::string path = fmt::format("learner.gradient_booster.model.trees[{}]", tree_idx);
  double declared =
      NumberInString(Member(tree_json, "tree_param", path), "num_nodes", path + ".tree_param");
  if (!(declared >= 1 && declared <= std::numeric_limits<std::int32_t>::max())) {
    throw InputError(fmt::format("the XGBoost model's {} has {} nodes", path, declared));
  }
  auto node_count = static_cast<std::size_t>(declared);
  TreeArrays arrays{.left = NodeArray(tree_json, "left_children", node_count, path),
                    .right = NodeArray(tree_json, "right_children", node_count, path),
                    .features = NodeArray(tree_json, "split_indices", node_count, path),
                    .conditions = NodeArray(tree_json, "split_conditions", node_count, path),
                    .default_left = NodeArray(tree_json, "default_left", node_count, path),
                    .covers = NodeArray(tree_json, "sum_hessian", node_count, path),
                    .split_types = NodeArray(tree_json, "split_type", node_count, path),
                    .loss_changes = NodeArray(tree_json, "loss_changes", node_count, path)};
  DecisionTree tree;
  tree.nodes.reserve(node_count);
  for (std::size_t node_idx = 0; node_idx < node_count; ++node_idx) {
    tree.nodes.push_back(ReadNode(arrays, node_idx, node_count, feature_count, path));
  }
  tree.depth = TreeDepth(tree, path);
  return tree;
}

Json ParseModel(std::string_view json) {
  try {
    return Json::parse(json.begin(), json.end());
  } catch (const Json::parse_error& error) {
    throw InputError(fmt::format("the XGBoost model is not valid JSON: {}", error.what()));
  }
}

int WorkerCount(int threads, std::size_t tasks) {
  auto workers = static_cast<std::size_t>(parallel::ResolveThreads(threads));
  return static_cast<int>(std::max<std::size_t>(1, std::min(workers, tasks)));
}

}  // namespace

TreeEnsemble TreeEnsemble::FromXgboostJson(std::string_view json,
                                           const std::vector<std::string>& feature_names) {
  Json document = ParseModel(json);
  const Json& learner = Member(document, "learner", "");
  RequireLogisticGbtree(learner);
  RequireFeatureNames(learner, feature_names);

  TreeEnsemble ensemble;
  ensemble.feature_names_ = feature_names;
  ensemble.base_margin_ = BaseMargin(learner);
  const Json& trees = Member(
      Member(Member(learner, "gradient_booster", "learner"), "model", "learner.gradient_booster"),
      "trees", "learner.gradient_booster.model");
  if (!trees.is_array()) {
    throw InputError("the XGBoost model's 'learner.gradient_booster.model.trees' is not an array");
  }
  for (std::size_t tree_idx = 0; tree_idx < trees.size(); ++tree_idx) {
    ensemble.trees_.push_back(ReadTree(trees[tree_idx], tree_idx, feature_names.size()));
    ensemble.max_depth_ = std::max(ensemble.max_depth_, ensemble.trees_.back().depth);
  }
  ensemble.Pack();
  return ensemble;
}

// Lays every tree out in packed_nodes_, each tree's nodes in depth-first
// order from its root (so a tree's nodes share cache lines), unreached nodes
// left out.
void TreeEnsemble::Pack() {
  packed_nodes_.clear();
  packed_trees_.clear();
  for (const DecisionTree& tree : trees_) {
    auto root = static_cast<std::uint32_t>(packed_nodes_.size());
    packed_trees_.push_back({.root = root, .depth = tree.depth});
    // (XGBoost node, its packed slot, filled in when the parent is packed)
    std::vector<std::pair<std::int32_t, std::uint32_t>> pending = {{0, root}};
    packed_nodes_.emplace_back();
    while (!pending.empty()) {
      auto [node_idx, slot] = pending.back();
      pending.pop_back();
      const TreeNode& node = tree.nodes[static_cast<std::size_t>(node_idx)];
      PackedNode packed;
      if (node.IsLeaf()) {
        packed.threshold_or_value = node.leaf_value;
        packed.children[0] = slot;
        packed.children[1] = slot;
      } else {
        SplitTest test = SplitTest::Of(node.threshold, node.missing_goes_left);
        packed.threshold_or_value = test.threshold;
        packed.feature_and_sign = static_cast<std::uint32_t>(node.split_feature) | test.sign_flip;
        for (std::uint32_t& child : packed.children) {
          child = static_cast<std::uint32_t>(packed_nodes_.size());
          packed_nodes_.emplace_back();
        }
        bool passing_is_left = SplitTest::PassingIsLeft(node.missing_goes_left);
        pending.emplace_back(node.right_child, packed.children[passing_is_left ? 1 : 0]);
        pending.emplace_back(node.left_child, packed.children[passing_is_left ? 0 : 1]);
      }
      packed_nodes_[slot] = packed;
    }
  }
}

// XGBoost 1.7's GBTree::FeatureScore: every tree walked from its root with a
// stack (the right child popped first), the splits' loss_chg and sum_hess
// added up in float per feature, gain and cover then divided by the number
// of splits. The same order and precision give the same bits.
std::vector<FeatureImportance> TreeEnsemble::Importances() const {
  const std::size_t features = feature_names_.size();
  std::vector<std::size_t> splits(features, 0);
  std::vector<float> gain(features, 0.0F);
  std::vector<float> cover(features, 0.0F);
  std::vector<std::int32_t> pending;
  for (const DecisionTree& tree : trees_) {
    pending.assign(1, 0);
    while (!pending.empty()) {
      const TreeNode& node = tree.nodes[static_cast<std::size_t>(pending.back())];
      pending.pop_back();
      if (node.IsLeaf()) {
        continue;
      }
      auto feature = static_cast<std::size_t>(node.split_feature);
      ++splits[feature];
      gain[feature] += node.loss_change;
      cover[feature] += static_cast<float>(node.cover);
      pending.push_back(node.left_child);
      pending.push_back(node.right_child);
    }
  }
  std::vector<FeatureImportance> importances;
  importances.reserve(features);
  for (std::size_t feature = 0; feature < features; ++feature) {
    float count = std::max(1.0F, static_cast<float>(splits[feature]));
    importances.push_back({.feature = feature_names_[feature],
                           .gain = gain[feature] / count,
                           .weight = static_cast<double>(static_cast<float>(splits[feature])),
                           .cover = cover[feature] / count});
  }
  return importances;
}

void TreeEnsemble::RequireColumns(const dataset::FeatureMatrix& rows, std::string_view what) const {
  if (std::optional<std::string> difference = FirstColumnDifference(feature_names_, rows.names)) {
    throw InputError(fmt::format("{} do not have the model's features: {}", what, *difference));
  }
  RequireWholeRows(rows, what);
}

// Every row of the block walks the tree one level at a time, all rows in
// lock step, for exactly the tree's depth: a leaf points at itself, so a
// row that reached one stays there. The next node is picked without a
// branch, by one comparison (see PackedNode), so an unpredictable split
// costs no misprediction.
void TreeEnsemble::AddTreeMargins(const dataset::FeatureMatrix& rows, std::size_t first_row,
                                  std::span<double> margins) const {
  const std::size_t columns = rows.cols();
  const float* block_values = rows.values.data() + first_row * columns;
  const std::size_t block_rows = margins.size();
  std::array<std::uint32_t, kRowBlock> at{};
  for (const PackedTree& tree : packed_trees_) {
    std::fill_n(at.begin(), block_rows, tree.root);
    for (int level = 0; level < tree.depth; ++level) {
      for (std::size_t row_idx = 0; row_idx < block_rows; ++row_idx) {
        const PackedNode& node = packed_nodes_[at[row_idx]];
        float value =
            block_values[row_idx * columns + (node.feature_and_sign & PackedNode::kFeatureMask)];
        bool passes = SplitTest::Passes(value, node.threshold_or_value,
                                        node.feature_and_sign & SplitTest::kSignFlip);
        at[row_idx] = node.children[passes ? 0 : 1];
      }
    }
    for (std::size_t row_idx = 0; row_idx < block_rows; ++row_idx) {
      margins[row_idx] += packed_nodes_[at[row_idx]].threshold_or_value;
    }
  }
}

void TreeEnsemble::PredictMargins(const dataset::FeatureMatrix& rows, int threads,
                                  std::span<double> out) const {
  RequireColumns(rows, "the rows to score");
  if (out.size() != rows.rows()) {
    throw InputError(
        fmt::format("{} margins were asked for {} rows to score", out.size(), rows.rows()));
  }
  const std::size_t blocks = (rows.rows() + kRowBlock - 1) / kRowBlock;
  const int workers = WorkerCount(threads, blocks);
  // Each worker takes a contiguous run of blocks; every row costs the same.
  parallel::ParallelFor(workers, [&](int worker_idx) {
    auto worker = static_cast<std::size_t>(worker_idx);
    auto worker_count = static_cast<std::size_t>(workers);
    std::size_t first_block = blocks * worker / worker_count;
    std::size_t end_block = blocks * (worker + 1) / worker_count;
    for (std::size_t block_idx = first_block; block_idx < end_block; ++block_idx) {
      std::size_t first_row = block_idx * kRowBlock;
      std::size_t block_rows = std::min(kRowBlock, rows.rows() - first_row);
      std::span<double> margins = out.subspan(first_row, block_rows);
      std::fill(margins.begin(), margins.end(), base_margin_);
      AddTreeMargins(rows, first_row, margins);
    }
  });
}

std::vector<double> TreeEnsemble::PredictMargins(const dataset::FeatureMatrix& rows,
                                                 int threads) const {
  std::vector<double> margins(rows.rows());
  PredictMargins(rows, threads, margins);
  return margins;
}

}  // namespace churn::model

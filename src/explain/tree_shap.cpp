#include "explain/tree_shap.h"

// How the work is laid out (the arithmetic of one leaf is in leaf_shapley.h).
//
// Fast TreeSHAP v2 (Yang 2021, arXiv:2109.09847) tabulates, per leaf, the
// contributions to its d path features for each of the 2^d patterns a row
// can satisfy, so that a row costs one table lookup per leaf: O(T L D) for T
// trees of L leaves and depth D, against O(T L D^2) for the original
// algorithm. Two refinements of ours keep the constant small:
//
// - Sibling leaves share their path, hence their slots, and their patterns
//   differ only in the bit of their parent's slot, which the row's direction
//   at the parent decides. So one table serves both, indexed by the parent's
//   pattern and that direction: a full tree of depth 6 needs 32 lookups, not
//   64. A leaf whose sibling is a split gets a table of its own, indexed the
//   same way.
// - A row's pattern at every split comes from one forward pass over the
//   splits in preorder: a split passes its bit mask on unchanged to the side
//   the row takes and with its slot's bit cleared to the other side.
//
// The leaves are visited in depth-first order and add their table rows into
// per-slot sums; a slot's sum goes to its feature once the walk leaves the
// subtree of the split that opened the slot, so each feature of a tree is
// written once per split that opens it, not once per leaf.
//
// A leaf with more distinct features on its path than kMaxTableSlots would
// need too large a table. Up to kMaxPatternSlots it keeps only v Z(A) and
// F(A) per pattern, and a row costs O(d) lookups (PatternWeight); past that
// it is evaluated per row, exactly, in O(d^2) (LeafContributions).

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "errors/error.h"
#include "explain/leaf_shapley.h"
#include "model/row_requirements.h"
#include "model/split_test.h"
#include "parallel/parallel_for.h"

namespace churn::explain {

using model::DecisionTree;
using model::SplitTest;
using model::TreeEnsemble;
using model::TreeNode;

namespace {

// The most distinct features on a path that get a table: a pair of sibling
// leaves has 2 * 2^d rows of kTableLanes floats (16 KiB at d = 8).
constexpr std::size_t kMaxTableSlots = 8;
// The most that get pattern weights, 2^d of 8 bytes (32 KiB at d = 12).
constexpr std::size_t kMaxPatternSlots = 12;
// A table row is this wide whatever d, so that adding it is one fixed-width
// vector addition; lanes past d hold 0.
constexpr std::size_t kTableLanes = kMaxTableSlots;
// A pattern mask holds this many slots; a split on a later slot leaves masks
// alone (the leaves below it have no table and test their path directly).
constexpr std::size_t kMaskSlots = 32;
constexpr std::uint32_t kAllSlots = ~0U;
constexpr std::uint32_t kNoParent = ~0U;
// Rows explained together, tree by tree: a tree's tables (about 128 KiB for
// depth 6) are read from memory once per block and then from the cache.
constexpr std::size_t kRowBlock = 256;
// The deepest tree the (recursive) precomputation accepts: far past what
// XGBoost grows, and far from exhausting a thread's stack.
constexpr int kMaxTreeDepth = 2'000;

// A split, in preorder, in 24 bytes. Its test is a SplitTest (split_test.h)
// of column `feature_and_sign & kFeatureMask`; "side 0" below is the child
// a passing row goes to, "side 1" the other.
struct ShapSplit {
  static constexpr std::uint32_t kFeatureMask = ~SplitTest::kSignFlip;

  float threshold = 0;
  std::uint32_t feature_and_sign = 0;
  std::uint32_t slot_bit = 0;           // 0 for a slot past kMaskSlots
  std::uint32_t leaf_pattern_mask = 0;  // the slots of a leaf right below it
  // By side, the split index of a child split; for a leaf, the spare mask
  // entry (splits.size()), so that the forward pass never branches.
  std::uint32_t children[2] = {0, 0};
};
static_assert(sizeof(ShapSplit) == 24);

// A split on the path of a leaf without a table.
struct PathStep {
  std::uint32_t split = 0;
  std::uint32_t slot = 0;
  std::uint32_t side = 0;
};

struct DeepLeaf {
  PathLeaf leaf;
  std::vector<PathStep> steps;
};

// How the row pass finds a leaf's contributions, by the length of its path.
enum class LeafMethod : std::uint8_t {
  kTableRow,        // d <= kMaxTableSlots: one row of its group's table
  kPatternWeights,  // d <= kMaxPatternSlots: O(d) lookups in its pattern weights
  kPathWalk,        // longer: its pattern from its path, then O(d^2) arithmetic
};

// One leaf, or two sibling leaves (kTableRow only), and what the row pass
// does with it.
struct LeafGroup {
  std::uint32_t parent = 0;      // the split above
  std::uint32_t slot_count = 0;  // d
  // Slots the next group shares (opened above their lowest common ancestor);
  // the others are complete after this group.
  std::uint32_t open_slots = 0;
  std::uint32_t features_offset = 0;  // into ShapTree::slot_features
  // Into ShapTree::tables, ::pattern_weights or ::deep_leaves, by method.
  std::uint32_t data_offset = 0;
  std::uint32_t shares_offset = 0;  // kPatternWeights: into ShapTree::satisfied_shares
  LeafMethod method = LeafMethod::kTableRow;
  std::uint8_t side = 0;  // kPatternWeights: the leaf's side of its parent
};

struct ShapTree {
  std::vector<ShapSplit> splits;
  std::vector<LeafGroup> groups;  // left to right
  std::vector<std::uint32_t> slot_features;
  std::vector<float> tables;
  std::vector<PatternWeight> pattern_weights;
  std::vector<float> satisfied_shares;  // 1 - z_j per slot of each kPatternWeights leaf
  std::vector<DeepLeaf> deep_leaves;
  std::size_t max_slots = 0;
  double expected_value = 0;  // the cover-weighted mean of the leaf values
};

// A leaf as the depth-first walk found it.
struct LeafRecord {
  PathLeaf leaf;
  std::vector<std::uint32_t> features;  // per slot
  std::vector<PathStep> steps;
  std::uint32_t parent = kNoParent;
  std::uint32_t side = 0;
  std::uint32_t open_slots = 0;
};

// The table of a group: row (A << 1 | side) for the parent's pattern A and
// the side the row takes at the parent. A leaf on that side sees pattern A;
// its sibling sees A without the parent's slot.
std::vector<float> GroupTable(std::span<const LeafRecord> members, std::uint32_t parent_bit) {
  const std::size_t slot_count = members.front().features.size();
  const std::size_t patterns = std::size_t{1} << slot_count;
  std::vector<double> sums(2 * patterns * kTableLanes, 0.0);
  for (const LeafRecord& member : members) {
    std::vector<double> table = LeafContributionTable(member.leaf);
    for (std::size_t pattern = 0; pattern < patterns; ++pattern) {
      for (std::uint32_t taken = 0; taken < 2; ++taken) {
        std::size_t seen = taken == member.side ? pattern : pattern & ~parent_bit;
        double* row = &sums[(pattern << 1 | taken) * kTableLanes];
        for (std::size_t slot = 0; slot < slot_count; ++slot) {
          row[slot] += table[seen * slot_count + slot];
        }
      }
    }
  }
  return std::vector<float>(sums.begin(), sums.end());
}

// Turns a DecisionTree into a ShapTree: a depth-first walk that keeps the
// path from the root (the distinct features met, i.e. the slots, their zero
// fractions and the splits taken) and records each leaf, then the groups.
class ShapTreeBuilder {
 public:
  ShapTreeBuilder(const DecisionTree& tree, std::size_t tree_idx)
      : tree_(tree), tree_idx_(tree_idx) {}

  ShapTree Build() {
    shap_.expected_value = Visit(0, kNoParent, 0);
    AddGroups();
    return std::move(shap_);
  }

 private:
  // Returns the subtree's cover-weighted mean leaf value (XGBoost's node
  // mean value, whose sum over trees is the base value).
  double Visit(std::int32_t node_idx, std::uint32_t parent, std::uint32_t side);
  double VisitSplit(const TreeNode& node);
  std::uint32_t SlotOf(std::int32_t feature);
  void AddGroups();
  void AddGroup(std::span<const LeafRecord> members);

  const DecisionTree& tree_;
  std::size_t tree_idx_;
  ShapTree shap_;
  std::vector<LeafRecord> leaves_;
  std::vector<std::uint32_t> path_features_;  // per slot
  std::vector<double> path_zero_fractions_;   // per slot
  std::vector<PathStep> path_steps_;
};

double ShapTreeBuilder::Visit(std::int32_t node_idx, std::uint32_t parent, std::uint32_t side) {
  const TreeNode& node = tree_.nodes[static_cast<std::size_t>(node_idx)];
  if (node.IsLeaf()) {
    leaves_.push_back({.leaf = {.value = node.leaf_value, .zero_fractions = path_zero_fractions_},
                       .features = path_features_,
                       .steps = path_steps_,
                       .parent = parent,
                       .side = side});
    return node.leaf_value;
  }
  if (!(node.cover > 0)) {
    throw InputError(fmt::format(
        "node {} of tree {} has cover {}: TreeSHAP needs the weight of the rows behind each split",
        node_idx, tree_idx_, node.cover));
  }
  return VisitSplit(node);
}

std::uint32_t ShapTreeBuilder::SlotOf(std::int32_t feature) {
  auto known =
      std::find(path_features_.begin(), path_features_.end(), static_cast<std::uint32_t>(feature));
  if (known != path_features_.end()) {
    return static_cast<std::uint32_t>(known - path_features_.begin());
  }
  path_features_.push_back(static_cast<std::uint32_t>(feature));
  path_zero_fractions_.push_back(1.0);
  shap_.max_slots = std::max(shap_.max_slots, path_features_.size());
  return static_cast<std::uint32_t>(path_features_.size() - 1);
}

double ShapTreeBuilder::VisitSplit(const TreeNode& node) {
  const std::size_t slots_before = path_features_.size();
  const std::uint32_t slot = SlotOf(node.split_feature);
  const std::size_t leaf_slots = path_features_.size();
  auto split_idx = static_cast<std::uint32_t>(shap_.splits.size());
  const SplitTest test = SplitTest::Of(node.threshold, node.missing_goes_left);
  shap_.splits.push_back(
      {.threshold = test.threshold,
       .feature_and_sign = static_cast<std::uint32_t>(node.split_feature) | test.sign_flip,
       .slot_bit = slot < kMaskSlots ? 1U << slot : 0U,
       .leaf_pattern_mask = leaf_slots <= kMaxPatternSlots ? (1U << leaf_slots) - 1 : 0U});
  const bool passing_is_left = SplitTest::PassingIsLeft(node.missing_goes_left);
  const std::int32_t children[2] = {passing_is_left ? node.left_child : node.right_child,
                                    passing_is_left ? node.right_child : node.left_child};
  double weighted_mean = 0;
  for (std::uint32_t side = 0; side < 2; ++side) {
    const TreeNode& child = tree_.nodes[static_cast<std::size_t>(children[side])];
    // Preorder: a child split gets the next index; a leaf child is patched
    // to the spare mask entry in AddGroups.
    shap_.splits[split_idx].children[side] = static_cast<std::uint32_t>(shap_.splits.size());
    double saved = path_zero_fractions_[slot];
    path_zero_fractions_[slot] *= child.cover / node.cover;
    path_steps_.push_back({.split = split_idx, .slot = slot, .side = side});
    weighted_mean += child.cover * Visit(children[side], split_idx, side);
    path_steps_.pop_back();
    path_zero_fractions_[slot] = saved;
    if (side == 0) {
      // The first side's last leaf shares the slots opened down to here
      // with the second side's first leaf.
      leaves_.back().open_slots = static_cast<std::uint32_t>(path_features_.size());
    }
  }
  path_features_.resize(slots_before);
  path_zero_fractions_.resize(slots_before);
  return weighted_mean / node.cover;
}

void ShapTreeBuilder::AddGroups() {
  const auto spare = static_cast<std::uint32_t>(shap_.splits.size());
  for (std::size_t leaf_idx = 0; leaf_idx < leaves_.size();) {
    const LeafRecord& leaf = leaves_[leaf_idx];
    if (leaf.parent == kNoParent) {
      ++leaf_idx;  // the tree is one leaf: it only adds to the base value
      continue;
    }
    shap_.splits[leaf.parent].children[leaf.side] = spare;
    bool tabulated = leaf.features.size() <= kMaxTableSlots;
    bool with_sibling =
        tabulated && leaf_idx + 1 < leaves_.size() && leaves_[leaf_idx + 1].parent == leaf.parent;
    if (with_sibling) {
      shap_.splits[leaf.parent].children[1] = spare;
    }
    std::size_t members = with_sibling ? 2 : 1;
    AddGroup(std::span(leaves_).subspan(leaf_idx, members));
    leaf_idx += members;
  }
}

void ShapTreeBuilder::AddGroup(std::span<const LeafRecord> members) {
  const LeafRecord& first = members.front();
  LeafGroup group{.parent = first.parent,
                  .slot_count = static_cast<std::uint32_t>(first.features.size()),
                  .open_slots = members.back().open_slots,
                  .features_offset = static_cast<std::uint32_t>(shap_.slot_features.size())};
  shap_.slot_features.insert(shap_.slot_features.end(), first.features.begin(),
                             first.features.end());
  const std::size_t slot_count = first.features.size();
  if (slot_count <= kMaxTableSlots) {
    group.data_offset = static_cast<std::uint32_t>(shap_.tables.size());
    std::vector<float> table = GroupTable(members, shap_.splits[first.parent].slot_bit);
    shap_.tables.insert(shap_.tables.end(), table.begin(), table.end());
  } else if (slot_count <= kMaxPatternSlots) {
    group.method = LeafMethod::kPatternWeights;
    group.side = static_cast<std::uint8_t>(first.side);
    group.data_offset = static_cast<std::uint32_t>(shap_.pattern_weights.size());
    std::vector<PatternWeight> weights = LeafPatternWeights(first.leaf);
    shap_.pattern_weights.insert(shap_.pattern_weights.end(), weights.begin(), weights.end());
    group.shares_offset = static_cast<std::uint32_t>(shap_.satisfied_shares.size());
    for (double zero_fraction : first.leaf.zero_fractions) {
      shap_.satisfied_shares.push_back(static_cast<float>(1 - zero_fraction));
    }
  } else {
    group.method = LeafMethod::kPathWalk;
    group.data_offset = static_cast<std::uint32_t>(shap_.deep_leaves.size());
    shap_.deep_leaves.push_back({.leaf = first.leaf, .steps = first.steps});
  }
  shap_.groups.push_back(group);
}

// Scratch space of one worker, sized for the largest tree.
struct Workspace {
  std::vector<std::uint32_t> masks;       // per split, plus the spare entry
  std::vector<std::uint32_t> table_rows;  // per split: the row of the groups below it
  std::vector<std::uint8_t> sides;        // per split: the side the row takes
  std::vector<float> slot_sums;           // per slot, plus a table row of slack
  std::vector<std::uint8_t> satisfied;    // deep leaves: o_j per slot
  LeafContributions deep_contributions;
  std::vector<double> row_sums;  // the contributions of a block's rows
};

std::size_t ThreadCount(int threads) {
  return static_cast<std::size_t>(parallel::ResolveThreads(threads));
}

template <typename Item>
std::size_t BytesOf(const std::vector<Item>& items) {
  return items.size() * sizeof(Item);
}

// What a tree keeps for the row pass.
std::size_t TableBytes(const ShapTree& tree) {
  std::size_t bytes = BytesOf(tree.splits) + BytesOf(tree.groups) + BytesOf(tree.slot_features) +
                      BytesOf(tree.tables) + BytesOf(tree.pattern_weights) +
                      BytesOf(tree.satisfied_shares);
  for (const DeepLeaf& deep : tree.deep_leaves) {
    bytes += sizeof(DeepLeaf) + BytesOf(deep.leaf.zero_fractions) + BytesOf(deep.steps);
  }
  return bytes;
}

}  // namespace

struct TreeShap::Tables {
  std::vector<std::string> feature_names;
  double base_value = 0;
  std::vector<ShapTree> trees;
  std::size_t max_splits = 0;
  std::size_t max_slots = 0;
  std::size_t bytes = 0;

  Workspace MakeWorkspace() const;
  template <bool kWithDeepLeaves>
  static void FindPatterns(const ShapTree& tree, const float* row, Workspace& workspace);
  static void AddPatternLeaf(const ShapTree& tree, const LeafGroup& group, float* slot_sums,
                             const Workspace& workspace);
  static void AddDeepLeaf(const DeepLeaf& deep, Workspace& workspace);
  static void AddTree(const ShapTree& tree, const float* row, Workspace& workspace,
                      std::span<double> contributions);
  void ExplainBlock(const dataset::FeatureMatrix& rows, std::size_t first_row,
                    std::size_t block_rows, Workspace& workspace, std::span<float> out) const;
};

Workspace TreeShap::Tables::MakeWorkspace() const {
  Workspace workspace;
  workspace.masks.resize(max_splits + 1);
  workspace.table_rows.resize(max_splits);
  workspace.sides.resize(max_splits);
  workspace.slot_sums.assign(max_slots + kTableLanes, 0.0F);
  workspace.satisfied.resize(max_slots);
  workspace.row_sums.resize(kRowBlock * (feature_names.size() + 1));
  return workspace;
}

// The forward pass: each split's pattern, the side the row takes there, and
// the table row of the leaves right below it. No branch depends on the row.
// Only deep leaves read the sides again; a tree without one skips storing
// them.
template <bool kWithDeepLeaves>
void TreeShap::Tables::FindPatterns(const ShapTree& tree, const float* row, Workspace& workspace) {
  std::uint32_t* masks = workspace.masks.data();
  masks[0] = kAllSlots;
  for (std::size_t split_idx = 0; split_idx < tree.splits.size(); ++split_idx) {
    const ShapSplit& split = tree.splits[split_idx];
    float value = row[split.feature_and_sign & ShapSplit::kFeatureMask];
    bool passes =
        SplitTest::Passes(value, split.threshold, split.feature_and_sign & SplitTest::kSignFlip);
    std::uint32_t mask = masks[split_idx];
    std::uint32_t missed = mask & ~split.slot_bit;
    masks[split.children[0]] = passes ? mask : missed;
    masks[split.children[1]] = passes ? missed : mask;
    std::uint32_t side = passes ? 0U : 1U;
    workspace.table_rows[split_idx] = (mask & split.leaf_pattern_mask) << 1 | side;
    if constexpr (kWithDeepLeaves) {
      workspace.sides[split_idx] = static_cast<std::uint8_t>(side);
    }
  }
}

// A leaf with pattern weights: its pattern is its parent's, less the
// parent's slot when the row took the other side.
void TreeShap::Tables::AddPatternLeaf(const ShapTree& tree, const LeafGroup& group,
                                      float* slot_sums, const Workspace& workspace) {
  const std::uint32_t table_row = workspace.table_rows[group.parent];
  std::uint32_t pattern = table_row >> 1;
  if ((table_row & 1U) != group.side) {
    pattern &= ~tree.splits[group.parent].slot_bit;
  }
  AddPatternContributions(
      std::span(tree.pattern_weights)
          .subspan(group.data_offset, std::size_t{1} << group.slot_count),
      std::span(tree.satisfied_shares).subspan(group.shares_offset, group.slot_count), pattern,
      slot_sums);
}

// A leaf on a path too long for any table: its pattern from its path.
void TreeShap::Tables::AddDeepLeaf(const DeepLeaf& deep, Workspace& workspace) {
  const std::size_t slot_count = deep.leaf.zero_fractions.size();
  std::fill_n(workspace.satisfied.begin(), slot_count, std::uint8_t{1});
  for (const PathStep& step : deep.steps) {
    if (workspace.sides[step.split] != step.side) {
      workspace.satisfied[step.slot] = 0;
    }
  }
  workspace.deep_contributions.Add(deep.leaf, std::span(workspace.satisfied).first(slot_count),
                                   workspace.slot_sums);
}

void TreeShap::Tables::AddTree(const ShapTree& tree, const float* row, Workspace& workspace,
                               std::span<double> contributions) {
  if (tree.deep_leaves.empty()) {
    FindPatterns<false>(tree, row, workspace);
  } else {
    FindPatterns<true>(tree, row, workspace);
  }
  float* slot_sums = workspace.slot_sums.data();
  for (const LeafGroup& group : tree.groups) {
    if (group.method == LeafMethod::kTableRow) {
      const float* table_row =
          tree.tables.data() + group.data_offset + workspace.table_rows[group.parent] * kTableLanes;
      for (std::size_t lane = 0; lane < kTableLanes; ++lane) {
        slot_sums[lane] += table_row[lane];
      }
    } else if (group.method == LeafMethod::kPatternWeights) {
      AddPatternLeaf(tree, group, slot_sums, workspace);
    } else {
      AddDeepLeaf(tree.deep_leaves[group.data_offset], workspace);
    }
    const std::uint32_t* features = tree.slot_features.data() + group.features_offset;
    for (std::uint32_t slot = group.open_slots; slot < group.slot_count; ++slot) {
      contributions[features[slot]] += slot_sums[slot];
      slot_sums[slot] = 0;
    }
  }
}

void TreeShap::Tables::ExplainBlock(const dataset::FeatureMatrix& rows, std::size_t first_row,
                                    std::size_t block_rows, Workspace& workspace,
                                    std::span<float> out) const {
  const std::size_t columns = rows.cols();
  const std::size_t width = columns + 1;
  std::span<double> sums = std::span(workspace.row_sums).first(block_rows * width);
  std::fill(sums.begin(), sums.end(), 0.0);
  for (const ShapTree& tree : trees) {
    for (std::size_t row_idx = 0; row_idx < block_rows; ++row_idx) {
      AddTree(tree, rows.values.data() + (first_row + row_idx) * columns, workspace,
              sums.subspan(row_idx * width, width));
    }
  }
  for (std::size_t row_idx = 0; row_idx < block_rows; ++row_idx) {
    sums[row_idx * width + columns] = base_value;
  }
  std::transform(sums.begin(), sums.end(), out.subspan(first_row * width).begin(),
                 [](double sum) { return static_cast<float>(sum); });
}

TreeShap::TreeShap(const TreeEnsemble& ensemble) {
  auto tables = std::make_shared<Tables>();
  tables->feature_names = ensemble.feature_names();
  tables->base_value = ensemble.base_margin();
  for (std::size_t tree_idx = 0; tree_idx < ensemble.tree_count(); ++tree_idx) {
    const DecisionTree& decision_tree = ensemble.trees()[tree_idx];
    if (decision_tree.depth > kMaxTreeDepth) {
      throw InputError(fmt::format("tree {} is {} levels deep; TreeShap explains up to {}",
                                   tree_idx, decision_tree.depth, kMaxTreeDepth));
    }
    ShapTree tree = ShapTreeBuilder(decision_tree, tree_idx).Build();
    tables->bytes += TableBytes(tree);
    tables->base_value += tree.expected_value;
    tables->max_splits = std::max(tables->max_splits, tree.splits.size());
    tables->max_slots = std::max(tables->max_slots, tree.max_slots);
    tables->trees.push_back(std::move(tree));
  }
  tables_ = std::move(tables);
}

std::size_t TreeShap::feature_count() const {
  return tables_->feature_names.size();
}

const std::vector<std::string>& TreeShap::feature_names() const {
  return tables_->feature_names;
}

double TreeShap::base_value() const {
  return tables_->base_value;
}

std::size_t TreeShap::table_bytes() const {
  return tables_->bytes;
}

void TreeShap::Explain(const dataset::FeatureMatrix& rows, int threads, std::span<float> out,
                       const progress::Reporter& progress) const {
  if (std::optional<std::string> difference =
          model::FirstColumnDifference(tables_->feature_names, rows.names)) {
    throw InputError(
        fmt::format("the rows to explain do not have the model's features: {}", *difference));
  }
  model::RequireWholeRows(rows, "the rows to explain");
  const std::size_t width = feature_count() + 1;
  if (out.size() != rows.rows() * width) {
    throw InputError(fmt::format(
        "{} values were given for the contributions of {} rows of {} features and the base "
        "value ({} expected)",
        out.size(), rows.rows(), feature_count(), rows.rows() * width));
  }
  // Blocks of kRowBlock rows, or smaller when there are too few rows to
  // give every thread some; each worker takes a contiguous run of blocks,
  // with its own scratch space.
  const std::size_t row_count = rows.rows();
  const std::size_t thread_count = ThreadCount(threads);
  const std::size_t block_rows =
      std::clamp((row_count + thread_count - 1) / thread_count, std::size_t{1}, kRowBlock);
  const std::size_t blocks = (row_count + block_rows - 1) / block_rows;
  const std::size_t workers = std::max<std::size_t>(1, std::min(thread_count, blocks));
  progress::SharedCount rows_done(progress, "SHAP values", static_cast<std::int64_t>(row_count),
                                  "users");
  parallel::ParallelFor(static_cast<int>(workers), [&](int worker_idx) {
    auto worker = static_cast<std::size_t>(worker_idx);
    Workspace workspace = tables_->MakeWorkspace();
    for (std::size_t block_idx = blocks * worker / workers;
         block_idx < blocks * (worker + 1) / workers; ++block_idx) {
      std::size_t first_row = block_idx * block_rows;
      std::size_t block_size = std::min(block_rows, row_count - first_row);
      tables_->ExplainBlock(rows, first_row, block_size, workspace, out);
      rows_done.Add(static_cast<std::int64_t>(block_size));
    }
  });
}

std::vector<float> TreeShap::Explain(const dataset::FeatureMatrix& rows, int threads,
                                     const progress::Reporter& progress) const {
  std::vector<float> contributions(rows.rows() * (feature_count() + 1));
  Explain(rows, threads, contributions, progress);
  return contributions;
}

}  // namespace churn::explain

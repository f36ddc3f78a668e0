#pragma once
// TreeShap: exact path-dependent TreeSHAP values of a model::TreeEnsemble
// (the trees a boosted-trees classifier scores with, Classifier::Trees()), the
// values XGBoost gives for pred_contribs (XGBoosterPredictFromDMatrix with
// "type": 2), computed without XGBoost and much faster:
//
//   TreeShap shap(ensemble);  // precomputes, once per model
//   std::vector<float> contributions(rows.rows() * (shap.feature_count() + 1));
//   shap.Explain(rows, /*threads=*/2, contributions);
//   // row r, feature f: contributions[r * (features + 1) + f];
//   // row r, base value: contributions[r * (features + 1) + features]
//
// The algorithm is Fast TreeSHAP v2 (Yang 2021, "Fast TreeSHAP: Accelerating
// SHAP Value Computation for Trees", arXiv:2109.09847): the Shapley weights of
// every leaf are summed ahead of time for every pattern of the features on
// its path that a row can satisfy, so that a row costs O(T L D) (trees,
// leaves, depth) instead of the O(T L D^2) of the original TreeSHAP (Lundberg
// et al. 2020, Algorithm 2), and sibling leaves share one table lookup.
// leaf_shapley.h derives the tables, tree_shap.cpp lays out the work.
//
// The values are exact: for every row the contributions plus the base value
// equal the margin (up to float rounding), and they do not depend on the
// number of threads. A TreeShap is immutable once built, so one instance may
// serve any number of threads at once, and copies share their tables.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/tree_ensemble.h"
#include "progress/progress_reporter.h"

namespace churn::explain {

class TreeShap {
 public:
  // Precomputes the tables of every tree: O(L 2^d d) time and O(L 2^d)
  // memory for leaves with d <= 12 distinct features on their path (a
  // d-wide row per pattern up to d = 8, two numbers per pattern past it, a
  // row then costing O(d) lookups); a leaf with more is evaluated at
  // explanation time in O(d^2), exactly. Throws InputError for a split
  // without cover (no training rows behind it) or a tree deeper than 2,000.
  explicit TreeShap(const model::TreeEnsemble& ensemble);

  std::size_t feature_count() const;
  const std::vector<std::string>& feature_names() const;
  // The expected margin (XGBoost's bias column): the base margin plus, per
  // tree, the cover-weighted mean of its leaf values.
  double base_value() const;
  // The memory the precomputed tables take, in bytes: at most 2 KiB per
  // leaf of a depth-6 tree (27 MB for bench/tree_shap_bench's 300 trees).
  std::size_t table_bytes() const;

  // Writes rows.rows() × (feature_count() + 1) values into `out`, row-major,
  // XGBoost's layout: one contribution per feature, then the base value.
  // `rows` must have the ensemble's columns in order and `out` exactly that
  // size (InputError otherwise). `threads` <= 0 means every core.
  // `progress` is told the rows explained so far ("SHAP values", unit
  // "user"), from whichever thread finished a block.
  void Explain(const dataset::FeatureMatrix& rows, int threads, std::span<float> out,
               const progress::Reporter& progress = {}) const;
  // The same, allocated.
  std::vector<float> Explain(const dataset::FeatureMatrix& rows, int threads,
                             const progress::Reporter& progress = {}) const;

 private:
  struct Tables;  // defined in tree_shap.cpp; immutable once built
  std::shared_ptr<const Tables> tables_;
};

}  // namespace churn::explain

#pragma once
// The Shapley values that one leaf of a tree gives the features on its path,
// in path-dependent TreeSHAP (Lundberg et al. 2020): the arithmetic behind
// TreeShap, separate from the walk over the trees.
//
// The game is v(S) = E[f(x) | x_S], where a split on a feature outside S
// sends the row down both sides, weighted by the share of the training cover
// each side got. A tree's value is a sum over its leaves, and so are the
// Shapley values. For one leaf with value v, let U be the distinct features
// split on along its path (d = |U|), numbered by "slots" in the order the
// path meets them, and for j in U
//   z_j = product of cover(child) / cover(parent) over the path's splits on j
//         (the leaf's "zero fraction" for j),
//   o_j = 1 if the row takes the path's side at every split on j, else 0.
// The leaf adds v * prod_{j in S} o_j * prod_{j in U \ S} z_j to v(S), and
// its Shapley value for the feature of slot i is
//   phi_i = v (o_i - z_i) sum_{S ⊆ U\{i}} w(|S|, d) prod_{S} o_j prod_{U\S\{i}} z_j,
//   w(s, d) = s! (d - s - 1)! / d! = 1 / (d * C(d - 1, s)).
// A feature split twice on the path enters once, with the products above:
// exactly what the original algorithm's "unwinding" of a repeated feature
// computes.
//
// Fast TreeSHAP v2 (Yang 2021, "Fast TreeSHAP: Accelerating SHAP Value
// Computation for Trees", arXiv:2109.09847) notes that a row enters phi only
// through its pattern, the set A = {j in U : o_j = 1} of slots whose path
// sides it satisfies, one of 2^d. With
//   F(P) = sum_{S ⊆ P} w(|S|, d) prod_{P\S} z_j,   Z(A) = prod_{U\A} z_j,
// the sum above splits into
//   i in A:      phi_i = v (1 - z_i) Z(A) F(A \ {i})
//   i not in A:  phi_i = -v Z(A) F(A)       (the same for every such i),
// and F(P) = sum_k w(k, d) e_{|P|-k}(P), where e_m(P) are the elementary
// symmetric polynomials of the z_j in P.
//
//   PathLeaf leaf{.value = 0.3, .zero_fractions = {0.6, 0.25}};
//   std::vector<double> table = LeafContributionTable(leaf);
//   // pattern 0b01 (the row satisfies slot 0 only): table[0b01 * 2 + slot]

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace churn::explain {

struct PathLeaf {
  double value = 0;
  std::vector<double> zero_fractions;  // z_j, one per slot
};

// The leaf's contribution to every slot for every pattern: 2^d rows of d
// values, row A (bit j set: the row satisfies slot j) holding phi_0 ..
// phi_{d-1}. O(2^d d) time.
std::vector<double> LeafContributionTable(const PathLeaf& leaf);

// A smaller table for longer paths: per pattern A, v Z(A) and F(A) (8 bytes
// rather than a d-wide row), from which a row's contributions take O(d)
// lookups: phi_i = scale(A) (1 - z_i) F(A \ {i}) for i in A, and
// -scale(A) F(A) otherwise.
struct PatternWeight {
  float scale = 0;   // v Z(A)
  float weight = 0;  // F(A)
};
std::vector<PatternWeight> LeafPatternWeights(const PathLeaf& leaf);

// Adds the leaf's contributions for `pattern` to sums[0 .. d), from its
// pattern weights (2^d) and satisfied_shares[j] = 1 - z_j (d).
inline void AddPatternContributions(std::span<const PatternWeight> weights,
                                    std::span<const float> satisfied_shares, std::uint32_t pattern,
                                    float* sums) {
  const PatternWeight at = weights[pattern];
  const float unsatisfied = -at.scale * at.weight;
  for (std::size_t slot = 0; slot < satisfied_shares.size(); ++slot) {
    const std::uint32_t bit = 1U << slot;
    const float satisfied = at.scale * satisfied_shares[slot] * weights[pattern ^ bit].weight;
    sums[slot] += (pattern & bit) != 0 ? satisfied : unsatisfied;
  }
}

// The same for one pattern, in O(d^2) and without a table, for leaves on
// paths too long to tabulate. Keeps its scratch space between calls.
class LeafContributions {
 public:
  // Adds the leaf's contribution to each slot to sums[slot]; satisfied[slot]
  // is o_j (0 or 1).
  void Add(const PathLeaf& leaf, std::span<const std::uint8_t> satisfied, std::span<float> sums);

 private:
  std::vector<double> elementary_;            // e(A)
  std::vector<double> without_one_;           // e(A \ {i})
  std::vector<std::vector<double>> weights_;  // w(s, d), by d once needed
};

}  // namespace churn::explain

#include "explain/leaf_shapley.h"

#include <bit>
#include <cstddef>

namespace churn::explain {
namespace {

// w(s, d) for s in [0, d).
std::vector<double> ShapleyWeights(std::size_t slot_count) {
  std::vector<double> weights(slot_count);
  double binomial = 1;  // C(d - 1, s)
  for (std::size_t subset_size = 0; subset_size < slot_count; ++subset_size) {
    weights[subset_size] = 1.0 / (static_cast<double>(slot_count) * binomial);
    binomial *=
        static_cast<double>(slot_count - 1 - subset_size) / static_cast<double>(subset_size + 1);
  }
  return weights;
}

// F(P) from e(P) (elementary[0] = 1, ..., elementary[|P|]).
double SubsetWeight(std::span<const double> elementary, std::size_t subset_size,
                    std::span<const double> weights) {
  // w(d, d) does not exist: F(U) of the whole path is never needed, since
  // then no slot is left out of A.
  double weight = 0;
  for (std::size_t kept = 0; kept <= subset_size && kept < weights.size(); ++kept) {
    weight += weights[kept] * elementary[subset_size - kept];
  }
  return weight;
}

// Z(A) for every pattern A.
std::vector<double> UnsatisfiedProducts(const std::vector<double>& zero_fractions) {
  const std::size_t patterns = std::size_t{1} << zero_fractions.size();
  std::vector<double> products(patterns, 1.0);
  for (std::size_t pattern = 0; pattern < patterns; ++pattern) {
    for (std::size_t slot = 0; slot < zero_fractions.size(); ++slot) {
      if ((pattern >> slot & 1U) == 0) {
        products[pattern] *= zero_fractions[slot];
      }
    }
  }
  return products;
}

// F(A) for every pattern A. e(A) is built from e(A \ {b}), b the lowest slot
// of A: e(A) = e(A \ {b}) * (1 + z_b t), so each pattern costs O(d).
std::vector<double> SubsetWeights(const std::vector<double>& zero_fractions) {
  const std::size_t slot_count = zero_fractions.size();
  const std::size_t patterns = std::size_t{1} << slot_count;
  const std::size_t width = slot_count + 1;
  const std::vector<double> weights = ShapleyWeights(slot_count);
  std::vector<double> elementary(patterns * width, 0.0);
  std::vector<double> subset_weights(patterns);
  elementary[0] = 1;
  for (std::size_t pattern = 0; pattern < patterns; ++pattern) {
    auto size = static_cast<std::size_t>(std::popcount(pattern));
    double* row = &elementary[pattern * width];
    if (pattern != 0) {
      auto lowest = static_cast<std::size_t>(std::countr_zero(pattern));
      const double* smaller = &elementary[(pattern & (pattern - 1)) * width];
      row[0] = 1;
      for (std::size_t degree = 1; degree <= size; ++degree) {
        row[degree] = smaller[degree] + zero_fractions[lowest] * smaller[degree - 1];
      }
    }
    subset_weights[pattern] = SubsetWeight(std::span(row, width), size, weights);
  }
  return subset_weights;
}

}  // namespace

std::vector<double> LeafContributionTable(const PathLeaf& leaf) {
  const std::vector<double>& zero_fractions = leaf.zero_fractions;
  const std::size_t slot_count = zero_fractions.size();
  const std::size_t patterns = std::size_t{1} << slot_count;
  const std::vector<double> subset_weights = SubsetWeights(zero_fractions);
  const std::vector<double> unsatisfied = UnsatisfiedProducts(zero_fractions);
  std::vector<double> table(patterns * slot_count);
  for (std::size_t pattern = 0; pattern < patterns; ++pattern) {
    double scale = leaf.value * unsatisfied[pattern];
    for (std::size_t slot = 0; slot < slot_count; ++slot) {
      std::size_t bit = std::size_t{1} << slot;
      table[pattern * slot_count + slot] =
          (pattern & bit) != 0 ? scale * (1 - zero_fractions[slot]) * subset_weights[pattern ^ bit]
                               : -scale * subset_weights[pattern];
    }
  }
  return table;
}

std::vector<PatternWeight> LeafPatternWeights(const PathLeaf& leaf) {
  const std::vector<double> subset_weights = SubsetWeights(leaf.zero_fractions);
  const std::vector<double> unsatisfied = UnsatisfiedProducts(leaf.zero_fractions);
  std::vector<PatternWeight> weights(subset_weights.size());
  for (std::size_t pattern = 0; pattern < weights.size(); ++pattern) {
    weights[pattern] = {.scale = static_cast<float>(leaf.value * unsatisfied[pattern]),
                        .weight = static_cast<float>(subset_weights[pattern])};
  }
  return weights;
}

void LeafContributions::Add(const PathLeaf& leaf, std::span<const std::uint8_t> satisfied,
                            std::span<float> sums) {
  const std::vector<double>& zero_fractions = leaf.zero_fractions;
  const std::size_t slot_count = zero_fractions.size();
  if (weights_.size() <= slot_count) {
    weights_.resize(slot_count + 1);
  }
  if (weights_[slot_count].size() != slot_count) {
    weights_[slot_count] = ShapleyWeights(slot_count);
  }
  const std::vector<double>& weights = weights_[slot_count];
  elementary_.assign(slot_count + 1, 0.0);
  without_one_.assign(slot_count + 1, 0.0);
  elementary_[0] = 1;
  std::size_t satisfied_count = 0;
  double unsatisfied_product = 1;
  for (std::size_t slot = 0; slot < slot_count; ++slot) {
    if (satisfied[slot] == 0) {
      unsatisfied_product *= zero_fractions[slot];
      continue;
    }
    ++satisfied_count;
    for (std::size_t degree = satisfied_count; degree > 0; --degree) {
      elementary_[degree] += zero_fractions[slot] * elementary_[degree - 1];
    }
  }
  const double scale = leaf.value * unsatisfied_product;
  const double unsatisfied_share = -scale * SubsetWeight(elementary_, satisfied_count, weights);
  for (std::size_t slot = 0; slot < slot_count; ++slot) {
    if (satisfied[slot] == 0) {
      sums[slot] += static_cast<float>(unsatisfied_share);
      continue;
    }
    // e(A \ {i}) = e(A) / (1 + z_i t), by synthetic division. Each step
    // scales the error carried over by z_i <= 1, so it does not grow.
    without_one_[0] = 1;
    for (std::size_t degree = 1; degree < satisfied_count; ++degree) {
      without_one_[degree] = elementary_[degree] - zero_fractions[slot] * without_one_[degree - 1];
    }
    double weight = SubsetWeight(without_one_, satisfied_count - 1, weights);
    sums[slot] += static_cast<float>(scale * (1 - zero_fractions[slot]) * weight);
  }
}

}  // namespace churn::explain

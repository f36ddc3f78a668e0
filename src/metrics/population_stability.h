#pragma once
// The population stability index (PSI): how far a distribution has moved
// from a reference, over bins fixed on the reference. The bins are its
// deciles (fewer where values repeat), plus one bin above the largest edge
// and one for missing values (NaN):
//
//   PSI = sum over bins of (actual - expected) * ln(actual / expected)
//
// with each share floored at kMinimumShare, so that an empty bin counts as
// rare rather than as infinitely far. Below 0.1 is commonly read as stable,
// 0.1 to 0.2 as a moderate shift and above 0.2 as a shift worth acting on.
//
//   StabilityBins bins = FitStabilityBins(training_values);
//   double psi = PopulationStability(bins.expected, BinShares(bins, scored_values));

#include <cstddef>
#include <span>
#include <vector>

#include "collective/worker_group.h"

namespace churn::metrics {

inline constexpr double kMinimumShare = 1e-4;
inline constexpr std::size_t kStabilityBins = 10;

struct StabilityBins {
  // Bin i holds the values above upper_edges[i - 1] and at most
  // upper_edges[i]; bin upper_edges.size() the values above the last edge.
  std::vector<double> upper_edges;
  // The reference's share per bin: upper_edges.size() + 1 value bins, then
  // the missing values. Sums to 1 (0 everywhere for an empty reference).
  std::vector<double> expected;

  std::size_t MissingBin() const { return upper_edges.size() + 1; }
};

// Edges at the reference's quantiles k / bins (k = 1 .. bins - 1), equal
// ones merged; non-finite values are missing.
StabilityBins FitStabilityBins(std::span<const double> reference,
                               std::size_t bins = kStabilityBins);

// The same over every worker's `reference` values, exactly: the quantiles
// by selection over the workers (collective::KthSmallest), the shares from
// counts summed over them. Alone, the bins above.
StabilityBins FitStabilityBins(std::span<const double> reference,
                               const collective::WorkerGroup& group,
                               std::size_t bins = kStabilityBins);

// The shares of `values` in `bins` (the same layout as `expected`).
std::vector<double> BinShares(const StabilityBins& bins, std::span<const double> values);

// PSI of `actual` against `expected`, bin by bin (the same length).
double PopulationStability(std::span<const double> expected, std::span<const double> actual);

}  // namespace churn::metrics

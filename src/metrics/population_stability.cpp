#include "metrics/population_stability.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "collective/radix_select.h"
#include "errors/error.h"

namespace churn::metrics {
namespace {

std::size_t BinOf(const StabilityBins& bins, double value) {
  if (std::isnan(value)) {
    return bins.MissingBin();
  }
  auto edge = std::lower_bound(bins.upper_edges.begin(), bins.upper_edges.end(), value);
  return static_cast<std::size_t>(edge - bins.upper_edges.begin());
}

std::vector<double> BinCounts(const StabilityBins& bins, std::span<const double> values) {
  std::vector<double> counts(bins.MissingBin() + 1, 0.0);
  for (double value : values) {
    counts[BinOf(bins, value)] += 1.0;
  }
  return counts;
}

// Each bin's count over `rows` values (none: zeros).
std::vector<double> SharesOf(std::vector<double> counts, double rows) {
  if (rows > 0) {
    for (double& share : counts) {
      share /= rows;
    }
  }
  return counts;
}

}  // namespace

StabilityBins FitStabilityBins(std::span<const double> reference, std::size_t bins) {
  std::vector<double> sorted;
  sorted.reserve(reference.size());
  for (double value : reference) {
    if (std::isfinite(value)) {
      sorted.push_back(value + 0.0);  // -0 as +0, as the workers' selection orders them apart
    }
  }
  std::sort(sorted.begin(), sorted.end());
  StabilityBins fitted;
  std::size_t count = sorted.size();
  for (std::size_t step = 1; step < bins && count > 0; ++step) {
    // The smallest value with at least step / bins of the values at or below it.
    std::size_t index = (step * count + bins - 1) / bins - 1;
    double edge = sorted[index];
    if (edge < sorted.back() && (fitted.upper_edges.empty() || edge > fitted.upper_edges.back())) {
      fitted.upper_edges.push_back(edge);
    }
  }
  if (count > 0) {
    fitted.upper_edges.push_back(sorted.back());  // above it: new ground
  }
  fitted.expected = BinShares(fitted, reference);
  return fitted;
}

StabilityBins FitStabilityBins(std::span<const double> reference,
                               const collective::WorkerGroup& group, std::size_t bins) {
  if (!group.distributed()) {
    return FitStabilityBins(reference, bins);
  }
  std::vector<double> finite;
  for (double value : reference) {
    if (std::isfinite(value)) {
      finite.push_back(value + 0.0);  // -0 as +0: the selection would order them apart
    }
  }
  std::int64_t count = collective::TotalCount(std::span<const double>(finite), group);
  StabilityBins fitted;
  if (count > 0) {
    double largest = collective::KthSmallest(finite, count - 1, group);
    for (std::size_t step = 1; step < bins; ++step) {
      // As alone: the smallest value with at least step / bins of the values at or below it.
      auto index =
          static_cast<std::int64_t>((step * static_cast<std::size_t>(count) + bins - 1) / bins) - 1;
      double edge = collective::KthSmallest(finite, index, group);
      if (edge < largest && (fitted.upper_edges.empty() || edge > fitted.upper_edges.back())) {
        fitted.upper_edges.push_back(edge);
      }
    }
    fitted.upper_edges.push_back(largest);
  }
  // Whole counts, which doubles add up exactly, divided as alone.
  std::vector<double> counts = BinCounts(fitted, reference);
  std::vector<double> rows = {static_cast<double>(reference.size())};
  group.Sum(counts);
  group.Sum(rows);
  fitted.expected = SharesOf(std::move(counts), rows[0]);
  return fitted;
}

std::vector<double> BinShares(const StabilityBins& bins, std::span<const double> values) {
  return SharesOf(BinCounts(bins, values), static_cast<double>(values.size()));
}

double PopulationStability(std::span<const double> expected, std::span<const double> actual) {
  if (expected.size() != actual.size()) {
    throw InternalError("PopulationStability: the two distributions have different bins");
  }
  double psi = 0;
  for (std::size_t bin = 0; bin < expected.size(); ++bin) {
    double want = std::max(expected[bin], kMinimumShare);
    double have = std::max(actual[bin], kMinimumShare);
    psi += (have - want) * std::log(have / want);
  }
  return psi;
}

}  // namespace churn::metrics

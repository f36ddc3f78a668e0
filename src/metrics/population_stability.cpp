#include "metrics/population_stability.h"

#include <algorithm>
#include <cmath>

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

}  // namespace

StabilityBins FitStabilityBins(std::span<const double> reference, std::size_t bins) {
  std::vector<double> sorted;
  sorted.reserve(reference.size());
  for (double value : reference) {
    if (std::isfinite(value)) {
      sorted.push_back(value);
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

std::vector<double> BinShares(const StabilityBins& bins, std::span<const double> values) {
  std::vector<double> shares(bins.MissingBin() + 1, 0.0);
  for (double value : values) {
    shares[BinOf(bins, value)] += 1.0;
  }
  if (!values.empty()) {
    for (double& share : shares) {
      share /= static_cast<double>(values.size());
    }
  }
  return shares;
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

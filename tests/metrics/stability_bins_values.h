#pragma once
// The reference values of stability_bins_distributed_test, shared with its
// probe: ties, signed zeros, infinities and NaN among ordinary values, and
// each worker's share of them (the last worker's share is empty).

#include <cmath>
#include <limits>
#include <vector>

namespace churn::metrics::testing {

inline std::vector<double> StabilityReference() {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values = {-0.0, 0.0, 0.0, -0.0, 1.5, 1.5, 1.5, inf, -inf, nan, nan};
  for (int zero_idx = 0; zero_idx < 40; ++zero_idx) {  // a decile falls among the zeros
    values.push_back(zero_idx % 2 == 0 ? -0.0 : 0.0);
  }
  for (int value_idx = 0; value_idx < 200; ++value_idx) {
    values.push_back(std::floor(std::sin(value_idx * 0.7) * 30.0) / 4.0);  // many ties
  }
  return values;
}

// Worker `rank` of `workers` holds every value whose index is rank modulo
// (workers - 1); the last worker holds none.
inline std::vector<double> ShareOf(const std::vector<double>& values, int rank, int workers) {
  std::vector<double> share;
  for (std::size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
    if (rank < workers - 1 && static_cast<int>(value_idx % (workers - 1)) == rank) {
      share.push_back(values[value_idx]);
    }
  }
  return share;
}

}  // namespace churn::metrics::testing

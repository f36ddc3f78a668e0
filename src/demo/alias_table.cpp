#include "demo/alias_table.h"

#include <cmath>
#include <numeric>

#include "errors/error.h"

namespace churn::demo {

AliasTable::AliasTable(const std::vector<double>& weights)
    : threshold_(weights.size(), 1.0), alias_(weights.size()) {
  double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || !(total > 0.0) || !std::isfinite(total)) {
    throw InternalError("AliasTable needs a non-empty list of weights with a positive sum");
  }
  // Scale so that the mean weight is 1, then pair each light slot with a heavy one.
  double scale = static_cast<double>(weights.size()) / total;
  std::vector<std::uint32_t> light;
  std::vector<std::uint32_t> heavy;
  std::vector<double> scaled(weights.size());
  for (std::uint32_t slot = 0; slot < weights.size(); ++slot) {
    scaled[slot] = weights[slot] * scale;
    alias_[slot] = slot;
    (scaled[slot] < 1.0 ? light : heavy).push_back(slot);
  }
  while (!light.empty() && !heavy.empty()) {
    std::uint32_t small_slot = light.back();
    light.pop_back();
    std::uint32_t large_slot = heavy.back();
    threshold_[small_slot] = scaled[small_slot];
    alias_[small_slot] = large_slot;
    scaled[large_slot] -= 1.0 - scaled[small_slot];
    if (scaled[large_slot] < 1.0) {
      heavy.pop_back();
      light.push_back(large_slot);
    }
  }
  // Whatever remains is 1 up to rounding: it keeps its own slot.
}

std::uint32_t AliasTable::Draw(RandomStream& random) const {
  double position = random.Uniform() * static_cast<double>(threshold_.size());
  auto slot = static_cast<std::uint32_t>(position);
  double within = position - static_cast<double>(slot);
  return within < threshold_[slot] ? slot : alias_[slot];
}

std::vector<double> ZipfWeights(std::size_t count, double exponent) {
  std::vector<double> weights(count);
  for (std::size_t rank_idx = 0; rank_idx < count; ++rank_idx) {
    weights[rank_idx] = 1.0 / std::pow(static_cast<double>(rank_idx + 1), exponent);
  }
  return weights;
}

}  // namespace churn::demo

#include "features/feature_config.h"

#include <fmt/format.h>

#include <cmath>

#include "errors/error.h"

namespace churn::features {

void FeatureConfig::Validate() const {
  churn.Validate();
  columns.Validate();
  if (!std::isfinite(max_bad_fraction) || max_bad_fraction < 0 || max_bad_fraction > 1) {
    throw ConfigError(
        fmt::format("features.max_bad_fraction must be between 0 and 1, got {}", max_bad_fraction));
  }
  constexpr int kMaxThreads = 1024;
  if (threads < 0 || threads > kMaxThreads) {
    throw ConfigError(fmt::format("features.threads must be between 0 (every core) and {}, got {}",
                                  kMaxThreads, threads));
  }
  if (!std::isfinite(test_share) || test_share <= 0 || test_share >= 1) {
    throw ConfigError(
        fmt::format("features.test_share must be between 0 and 1 (exclusive), got {}", test_share));
  }
}

}  // namespace churn::features

#pragma once
// Settings of the feature stage: the `features:` and `churn:` sections.

#include <cstdint>

#include "features/bad_row_policy.h"
#include "features/churn_definition.h"
#include "features/column_mapping.h"

namespace churn::features {

struct FeatureConfig {
  ChurnDefinition churn;
  ColumnMapping columns;                          // the REES46 layout unless configured
  BadRowPolicy on_bad_row = BadRowPolicy::kStop;  // strict by default
  double max_bad_fraction = 0.01;                 // with skip: the run fails above this share
  int threads = 0;                                // 0: every core
  double test_share = 0.2;                        // single snapshot: share of users in the test set
  std::uint64_t split_seed = 42;

  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::features

#pragma once
// The feature registry: every feature declared once, with its name (the
// column in processed_*.csv and feature_columns.json), its meaning in words
// a CRM manager reads, and its formula over SnapshotStats. Column order,
// docs/features.md and the reasons given with a score all come from here.

#include <span>
#include <string>
#include <string_view>

#include "features/snapshot_stats.h"

namespace churn::features {

// Figures fixed on the training data and applied to every snapshot, so that
// the test snapshot never shapes its own features.
struct FeatureContext {
  double high_value_spend = 0;  // total_spend from which a user counts as high value
};

struct FeatureSpec {
  std::string_view name;
  std::string_view meaning;
  std::string_view formula;
  double (*compute)(const SnapshotStats& stats, const FeatureContext& context);
};

// Every feature, in column order: the seed's 21 first, then the richer ones.
std::span<const FeatureSpec> FeatureRegistry();

// docs/features.md, rendered from the registry (a test keeps the file equal
// to it; CHURN_UPDATE_DOCS=1 makes that test rewrite the file).
std::string RenderFeatureDocs();

}  // namespace churn::features

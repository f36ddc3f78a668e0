#pragma once
// The recency-only baseline: rank users by days since their last visit,
// longest first. Every report shows it beside the model, so users see what
// the model adds to the one rule anyone would try first.

#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::report {

inline constexpr const char* kRecencyFeature = "days_since_last_visit";

// The baseline's score of every row: its days since the last visit. Throws
// InputError when the features lack that column.
std::vector<double> RecencyScores(const dataset::FeatureMatrix& features);

}  // namespace churn::report

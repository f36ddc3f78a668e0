#pragma once
// The global picture behind shap_summary.json: for every feature, the mean
// absolute SHAP value over the explained users beside the model's own
// importances (gain, weight, cover), and a beeswarm-ready sample: the value
// and SHAP value of the most important features for a few thousand users,
// chosen by a seeded hash of their ids so the same data gives the same dots.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"

namespace churn::explain {

// In the models directory, beside shap_values.bin (shap_store.h).
inline constexpr const char* kShapSummaryFile = "shap_summary.json";

struct ShapSummaryOptions {
  std::size_t sample_users = 2000;
  std::size_t beeswarm_features = 15;
  std::uint64_t seed = 42;
};

// `shap` holds rows × (features + 1) values, the base value last.
nlohmann::json ShapSummaryJson(const dataset::LabelledRows& rows, std::span<const float> shap,
                               const std::vector<model::FeatureImportance>& importances,
                               const ShapSummaryOptions& options);

// The mean absolute SHAP value of each feature, in column order.
std::vector<double> MeanAbsoluteShap(std::size_t features, std::span<const float> shap);

}  // namespace churn::explain

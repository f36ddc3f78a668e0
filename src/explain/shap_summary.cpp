#include "explain/shap_summary.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "features/log_event.h"
#include "random/split_mix64.h"

namespace churn::explain {
namespace {

// The features by mean absolute SHAP value, largest first (ties: column order).
std::vector<std::size_t> ByImportance(const std::vector<double>& mean_abs) {
  std::vector<std::size_t> order(mean_abs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return mean_abs[left] > mean_abs[right];
  });
  return order;
}

// The rows whose seeded id hashes are smallest: a sample that does not
// depend on the rows' order.
std::vector<std::size_t> SampleRows(const dataset::LabelledRows& rows, std::size_t count,
                                    std::uint64_t seed) {
  std::vector<std::pair<std::uint64_t, std::size_t>> ranked;
  ranked.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    ranked.emplace_back(random::MixBits(features::KeyOf(rows.user_ids[row]) ^ seed), row);
  }
  count = std::min(count, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(count), ranked.end());
  std::vector<std::size_t> sample;
  for (std::size_t idx = 0; idx < count; ++idx) {
    sample.push_back(ranked[idx].second);
  }
  std::sort(sample.begin(), sample.end());
  return sample;
}

nlohmann::json Beeswarm(const dataset::LabelledRows& rows, std::span<const float> shap,
                        const std::vector<std::size_t>& features,
                        const ShapSummaryOptions& options) {
  std::size_t width = rows.features.cols() + 1;
  std::vector<std::size_t> sample = SampleRows(rows, options.sample_users, options.seed);
  nlohmann::json users = nlohmann::json::array();
  for (std::size_t row : sample) {
    users.push_back(rows.user_ids[row]);
  }
  nlohmann::json columns = nlohmann::json::array();
  for (std::size_t feature : features) {
    nlohmann::json values = nlohmann::json::array();
    nlohmann::json contributions = nlohmann::json::array();
    for (std::size_t row : sample) {
      float value = rows.features.At(row, feature);
      values.push_back(std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value));
      contributions.push_back(shap[row * width + feature]);
    }
    columns.push_back(
        {{"feature", rows.features.names[feature]}, {"values", values}, {"shap", contributions}});
  }
  return {{"users", users}, {"features", columns}};
}

}  // namespace

std::vector<double> MeanAbsoluteShap(std::size_t features, std::span<const float> shap) {
  std::vector<double> mean(features, 0.0);
  std::size_t width = features + 1;
  std::size_t rows = shap.size() / width;
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t col = 0; col < features; ++col) {
      mean[col] += std::abs(shap[row * width + col]);
    }
  }
  for (double& value : mean) {
    value = rows > 0 ? value / static_cast<double>(rows) : 0.0;
  }
  return mean;
}

nlohmann::json ShapSummaryJson(const dataset::LabelledRows& rows, std::span<const float> shap,
                               const std::vector<model::FeatureImportance>& importances,
                               const ShapSummaryOptions& options) {
  std::size_t features = rows.features.cols();
  std::vector<double> mean_abs = MeanAbsoluteShap(features, shap);
  std::vector<std::size_t> order = ByImportance(mean_abs);
  nlohmann::json table = nlohmann::json::array();
  for (std::size_t col : order) {
    const model::FeatureImportance& importance = importances[col];
    table.push_back({{"feature", rows.features.names[col]},
                     {"mean_abs_shap", mean_abs[col]},
                     {"gain", importance.gain},
                     {"weight", importance.weight},
                     {"cover", importance.cover}});
  }
  double base_value = rows.size() > 0 ? shap[features] : 0.0;
  order.resize(std::min(order.size(), options.beeswarm_features));
  return {{"users_explained", rows.size()},
          {"base_value", base_value},
          {"features", table},
          {"beeswarm", Beeswarm(rows, shap, order, options)}};
}

}  // namespace churn::explain

#pragma once
// curves.json: the points the dashboard draws for the chosen model on the
// test set (ROC and PR with the operating point, calibration in 10 bins,
// cumulative gains and lift), and the baseline's ROC and PR for comparison.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>

namespace churn::report {

nlohmann::json CurvesJson(std::span<const double> probabilities,
                          std::span<const std::uint8_t> labels, double threshold,
                          std::span<const double> baseline_scores);

}  // namespace churn::report

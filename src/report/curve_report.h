#pragma once
// curves.json: the points the dashboard draws for the chosen model on the
// test set (ROC and PR with the operating point, calibration in 10 bins,
// cumulative gains and lift), the baseline's ROC and PR for comparison, and
// a threshold sweep (every 0.01 of calibrated probability: flagged users,
// precision, recall, F1 and the campaign's expected profit) for the
// dashboard's threshold explorer.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>

#include "metrics/threshold_choice.h"

namespace churn::report {

// `customer_values`: each row's own value when economics.customer_value
// (the profit then weighs each churner by it), empty otherwise.
nlohmann::json CurvesJson(std::span<const double> probabilities,
                          std::span<const std::uint8_t> labels, double threshold,
                          std::span<const double> baseline_scores,
                          const metrics::CampaignEconomics& economics,
                          std::span<const double> customer_values = {});

}  // namespace churn::report

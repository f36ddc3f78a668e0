#pragma once
// Maps a model's raw probabilities to calibrated ones, fitted on validation
// data: Platt scaling (a logistic fit on the raw log-odds, which keeps the
// ranking) or isotonic regression (pool adjacent violators, interpolated
// linearly between the pooled blocks, so it never reverses the ranking).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "model/training_config.h"

namespace churn::model {

class ProbabilityCalibration {
 public:
  ProbabilityCalibration() = default;  // the identity (Calibration::kNone)

  static ProbabilityCalibration Fit(Calibration kind, std::span<const double> probabilities,
                                    std::span<const std::uint8_t> labels);

  double Apply(double probability) const;
  std::vector<double> Apply(std::span<const double> probabilities) const;

  Calibration kind() const { return kind_; }
  nlohmann::json ToJson() const;
  static ProbabilityCalibration FromJson(const nlohmann::json& json);  // InputError if malformed

 private:
  Calibration kind_ = Calibration::kNone;
  double platt_slope_ = 1;  // calibrated = sigmoid(slope * logit(p) + intercept)
  double platt_intercept_ = 0;
  std::vector<double> isotonic_x_;  // increasing raw probabilities
  std::vector<double> isotonic_y_;  // their non-decreasing calibrated values
};

}  // namespace churn::model

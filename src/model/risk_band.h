#pragma once
// The risk bands of a probability of churn, from the model's threshold: the
// one rule behind ModelBundle::RiskBand, the API's `min_risk=<band>` and the
// `risk_bands` that /api/health serves to the dashboard.
//
//   for (const RiskBandFloor& band : RiskBandFloors(bundle.threshold)) { ... }
//   RiskBandOf(0.2, 0.3) == "medium"

#include <array>
#include <string_view>

namespace churn::model {

// A band and the lowest probability in it.
struct RiskBandFloor {
  std::string_view name;
  double min_probability = 0;
};

// "high" from the threshold (the flagged users), "medium" from half of it,
// "low" below: highest band first, so the first floor at or under a
// probability names its band.
constexpr std::array<RiskBandFloor, 3> RiskBandFloors(double threshold) {
  return {{{"high", threshold}, {"medium", threshold / 2}, {"low", 0.0}}};
}

constexpr std::string_view RiskBandOf(double probability, double threshold) {
  for (const RiskBandFloor& band : RiskBandFloors(threshold)) {
    if (probability >= band.min_probability) {
      return band.name;
    }
  }
  return RiskBandFloors(threshold).back().name;
}

}  // namespace churn::model

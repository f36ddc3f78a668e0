#pragma once
// How good probabilities are as probabilities: log-loss, Brier score and
// the reliability (calibration) curve. A probability outside [0, 1] (or NaN)
// throws InputError naming its row; so does LogLoss or BrierScore of no rows.

#include <cstdint>
#include <span>
#include <vector>

namespace churn::metrics {

// Mean negative log-likelihood; probabilities are clipped to [1e-15, 1-1e-15].
double LogLoss(std::span<const double> probabilities, std::span<const std::uint8_t> labels);
// Mean squared difference between probability and label.
double BrierScore(std::span<const double> probabilities, std::span<const std::uint8_t> labels);

// Equal-width bins over [0, 1]: bin b holds [b / bins, (b + 1) / bins), and
// the last one also holds 1.0. Empty bins are left out.
struct CalibrationBin {
  double lower = 0;
  double upper = 0;
  double mean_predicted = 0;
  double observed_rate = 0;
  std::int64_t count = 0;
};
std::vector<CalibrationBin> CalibrationCurve(std::span<const double> probabilities,
                                             std::span<const std::uint8_t> labels, int bins = 10);

}  // namespace churn::metrics

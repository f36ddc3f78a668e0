#include "metrics/probability_metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "errors/error.h"
#include "metrics/scored_rows.h"

namespace churn::metrics {
namespace {

// scikit-learn's clip: a confident mistake costs about 34.5 nats, not infinity.
constexpr double kLogLossClip = 1e-15;

void RequireRows(std::span<const std::uint8_t> labels, std::string_view metric) {
  if (labels.empty()) {
    throw InputError(fmt::format("{} of no rows: the scored rows are empty", metric));
  }
}

// Bins of width 1 / bins: bin b holds [b / bins, (b + 1) / bins), and the last
// one also holds 1.0.
std::size_t BinOf(double probability, int bins) {
  auto bin = static_cast<std::size_t>(probability * static_cast<double>(bins));
  return std::min(bin, static_cast<std::size_t>(bins) - 1);
}

}  // namespace

double LogLoss(std::span<const double> probabilities, std::span<const std::uint8_t> labels) {
  CheckProbabilities(probabilities, labels);
  RequireRows(labels, "log-loss");
  double total = 0;
  for (std::size_t row_idx = 0; row_idx < labels.size(); ++row_idx) {
    double probability = std::clamp(probabilities[row_idx], kLogLossClip, 1.0 - kLogLossClip);
    total -= labels[row_idx] != 0 ? std::log(probability) : std::log1p(-probability);
  }
  return total / static_cast<double>(labels.size());
}

double BrierScore(std::span<const double> probabilities, std::span<const std::uint8_t> labels) {
  CheckProbabilities(probabilities, labels);
  RequireRows(labels, "Brier score");
  double total = 0;
  for (std::size_t row_idx = 0; row_idx < labels.size(); ++row_idx) {
    double error = probabilities[row_idx] - static_cast<double>(labels[row_idx]);
    total += error * error;
  }
  return total / static_cast<double>(labels.size());
}

std::vector<CalibrationBin> CalibrationCurve(std::span<const double> probabilities,
                                             std::span<const std::uint8_t> labels, int bins) {
  CheckProbabilities(probabilities, labels);
  if (bins < 1) {
    throw InternalError(fmt::format("a calibration curve of {} bins", bins));
  }
  std::vector<double> predicted_sums(static_cast<std::size_t>(bins), 0.0);
  std::vector<std::int64_t> churners(static_cast<std::size_t>(bins), 0);
  std::vector<std::int64_t> counts(static_cast<std::size_t>(bins), 0);
  for (std::size_t row_idx = 0; row_idx < labels.size(); ++row_idx) {
    std::size_t bin = BinOf(probabilities[row_idx], bins);
    predicted_sums[bin] += probabilities[row_idx];
    churners[bin] += labels[row_idx];
    ++counts[bin];
  }
  std::vector<CalibrationBin> curve;
  for (std::size_t bin = 0; bin < counts.size(); ++bin) {
    if (counts[bin] == 0) {
      continue;
    }
    auto count = static_cast<double>(counts[bin]);
    curve.push_back({static_cast<double>(bin) / bins, static_cast<double>(bin + 1) / bins,
                     predicted_sums[bin] / count, static_cast<double>(churners[bin]) / count,
                     counts[bin]});
  }
  return curve;
}

}  // namespace churn::metrics

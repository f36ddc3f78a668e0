#include "metrics/scored_rows.h"

#include <fmt/format.h>

#include <cmath>

#include "errors/error.h"

namespace churn::metrics {
namespace {

void CheckSizesAndLabels(std::size_t values, std::span<const std::uint8_t> labels) {
  if (values != labels.size()) {
    throw InternalError(fmt::format("metrics got {} scores for {} labels; they must pair up",
                                    values, labels.size()));
  }
  for (std::size_t row_idx = 0; row_idx < labels.size(); ++row_idx) {
    if (labels[row_idx] > 1) {
      throw InternalError(fmt::format("metrics got label {} in row {}; labels are 0 or 1",
                                      labels[row_idx], row_idx));
    }
  }
}

}  // namespace

void CheckScoredRows(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  CheckSizesAndLabels(scores.size(), labels);
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    if (!std::isfinite(scores[row_idx])) {
      throw InputError(fmt::format("the score of row {} is {}; metrics need finite scores", row_idx,
                                   scores[row_idx]));
    }
  }
}

void CheckProbabilities(std::span<const double> probabilities,
                        std::span<const std::uint8_t> labels) {
  CheckSizesAndLabels(probabilities.size(), labels);
  for (std::size_t row_idx = 0; row_idx < probabilities.size(); ++row_idx) {
    double probability = probabilities[row_idx];
    // Written so that NaN fails too.
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw InputError(fmt::format("the probability of row {} is {}; expected a value in [0, 1]",
                                   row_idx, probability));
    }
  }
}

void CheckRowValues(std::span<const double> values, std::size_t rows) {
  if (!values.empty() && values.size() != rows) {
    throw InternalError(fmt::format("{} row values given for {} rows", values.size(), rows));
  }
  for (std::size_t row_idx = 0; row_idx < values.size(); ++row_idx) {
    if (!std::isfinite(values[row_idx])) {
      throw InputError(fmt::format("the value of row {} is {}; expected a finite number", row_idx,
                                   values[row_idx]));
    }
  }
}

}  // namespace churn::metrics

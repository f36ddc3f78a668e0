#pragma once
// The checks every metric makes of its input before computing anything, so
// that a bug upstream fails loudly instead of producing a plausible figure:
//
//   CheckScoredRows(scores, labels);              // in RocAuc, ConfusionAt, ...
//   CheckProbabilities(probabilities, labels);    // in LogLoss, BrierScore, ...
//
// Scores and labels that differ in length, or a label other than 0 or 1, are
// bugs of the caller (InternalError). A score that is not a finite number, or
// a probability outside [0, 1], is unusable input (InputError naming the row).

#include <cstddef>
#include <cstdint>
#include <span>

namespace churn::metrics {

void CheckScoredRows(std::span<const double> scores, std::span<const std::uint8_t> labels);
void CheckProbabilities(std::span<const double> probabilities,
                        std::span<const std::uint8_t> labels);
// Per-row values (a customer's worth): none at all, or one finite value per
// score.
void CheckRowValues(std::span<const double> values, std::size_t rows);

}  // namespace churn::metrics

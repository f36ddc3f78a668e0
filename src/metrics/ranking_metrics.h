#pragma once
// How well scores rank churners above stayers, whatever the threshold:
// ROC-AUC, average precision (PR-AUC) and the curves behind them.
//
// Scores are any numbers where higher means more at risk (probabilities or
// margins); labels are 1 for a churner, 0 otherwise. Tied scores form one
// step: ROC-AUC gives ties half credit, and average precision uses the
// step-wise definition (scikit-learn's average_precision_score):
// AP = sum over thresholds of (R_n - R_{n-1}) * P_n.
// Both throw InputError when the labels hold a single class (or none) and
// when a score is not a finite number; scores and labels of different
// lengths are a bug of the caller (InternalError).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace churn::metrics {

// Throws InputError naming `what` ("the test set") when labels are empty or
// hold a single class.
void RequireBothClasses(std::span<const std::uint8_t> labels, std::string_view what);

// How messages name the rows a metric scores.
inline constexpr std::string_view kScoredRows = "the scored rows";

double RocAuc(std::span<const double> scores, std::span<const std::uint8_t> labels);
double AveragePrecision(std::span<const double> scores, std::span<const std::uint8_t> labels);

// One point per distinct threshold, from the highest score down (thinned to
// at most `max_points` >= 2, evenly by index, always keeping both ends), for
// the dashboard. A point's threshold flags the users scored at or above it.
// The ROC curve starts at (0, 0), where nobody is flagged: its threshold lies
// above every score but stays finite for JSON (1.0 when every score is a
// probability below 1, else the next double above the highest score). The PR
// curve has no such point, as precision is undefined there; it ends at
// recall 1.
struct RocPoint {
  double false_positive_rate = 0;
  double true_positive_rate = 0;
  double threshold = 0;
};
struct PrPoint {
  double recall = 0;
  double precision = 0;
  double threshold = 0;
};
std::vector<RocPoint> RocCurve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               std::size_t max_points = 200);
std::vector<PrPoint> PrCurve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                             std::size_t max_points = 200);

}  // namespace churn::metrics

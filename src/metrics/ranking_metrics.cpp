#include "metrics/ranking_metrics.h"

#include <fmt/format.h>

#include "errors/error.h"
#include "metrics/score_ranking.h"

namespace churn::metrics {
namespace {

// Both ends of a curve are always kept, so fewer than two points cannot be.
constexpr std::size_t kMinCurvePoints = 2;

// At most `max_points` of `points`, evenly spaced by index, the first and the
// last always among them.
template <typename Point>
std::vector<Point> KeepEvenlySpaced(std::vector<Point> points, std::size_t max_points) {
  if (max_points < kMinCurvePoints) {
    throw InternalError(
        fmt::format("a curve of at most {} points cannot keep both ends", max_points));
  }
  if (points.size() <= max_points) {
    return points;
  }
  std::size_t last_idx = points.size() - 1;
  std::size_t intervals = max_points - 1;
  std::vector<Point> kept;
  kept.reserve(max_points);
  for (std::size_t kept_idx = 0; kept_idx < max_points; ++kept_idx) {
    // kept_idx * last_idx / intervals, rounded to the nearest; the spacing
    // exceeds 1, so no point is taken twice.
    std::size_t point_idx = (kept_idx * last_idx + intervals / 2) / intervals;
    kept.push_back(points[point_idx]);
  }
  return kept;
}

std::vector<ThresholdStep> StepsOfBothClasses(std::span<const double> scores,
                                              std::span<const std::uint8_t> labels) {
  ScoreRanking ranking(scores, labels);
  RequireBothClasses(labels, kScoredRows);
  return ranking.Steps();
}

}  // namespace

void RequireBothClasses(std::span<const std::uint8_t> labels, std::string_view what) {
  if (labels.empty()) {
    throw InputError(
        fmt::format("{}: there are no rows; the metric needs churners and users who stayed", what));
  }
  std::size_t churners = 0;
  for (std::uint8_t label : labels) {
    churners += label != 0 ? 1 : 0;
  }
  if (churners == 0 || churners == labels.size()) {
    throw InputError(fmt::format(
        "{}: all {} rows are {}; ROC-AUC, PR-AUC and the curves need churners and users who "
        "stayed",
        what, labels.size(), churners == 0 ? "users who stayed" : "churners"));
  }
}

double RocAuc(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  return RocAucOfSteps(StepsOfBothClasses(scores, labels));
}

double AveragePrecision(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  return AveragePrecisionOfSteps(StepsOfBothClasses(scores, labels));
}

std::vector<RocPoint> RocCurve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               std::size_t max_points) {
  ScoreRanking ranking(scores, labels);
  RequireBothClasses(labels, kScoredRows);
  auto positives = static_cast<double>(ranking.positives());
  auto negatives = static_cast<double>(ranking.negatives());
  std::vector<ThresholdStep> steps = ranking.Steps();
  std::vector<RocPoint> points;
  points.reserve(steps.size() + 1);
  // The curve starts where nobody is flagged.
  points.push_back({0.0, 0.0, ranking.ThresholdAboveAll()});
  for (const ThresholdStep& step : steps) {
    points.push_back({static_cast<double>(step.false_positives) / negatives,
                      static_cast<double>(step.true_positives) / positives, step.threshold});
  }
  return KeepEvenlySpaced(std::move(points), max_points);
}

std::vector<PrPoint> PrCurve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                             std::size_t max_points) {
  ScoreRanking ranking(scores, labels);
  RequireBothClasses(labels, kScoredRows);
  auto positives = static_cast<double>(ranking.positives());
  std::vector<ThresholdStep> steps = ranking.Steps();
  std::vector<PrPoint> points;
  points.reserve(steps.size());
  for (const ThresholdStep& step : steps) {
    // Every step flags at least one user, so the precision is defined.
    double flagged = static_cast<double>(step.true_positives + step.false_positives);
    points.push_back({static_cast<double>(step.true_positives) / positives,
                      static_cast<double>(step.true_positives) / flagged, step.threshold});
  }
  return KeepEvenlySpaced(std::move(points), max_points);
}

}  // namespace churn::metrics

#include "metrics/score_ranking.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "errors/error.h"
#include "metrics/scored_rows.h"

namespace churn::metrics {
namespace {

struct ScoredRow {
  double score = 0;
  std::size_t row_idx = 0;
};

// Sorting (score, row) pairs rather than indices into `scores` keeps the
// comparisons in cache, which matters at a million rows.
std::vector<ScoredRow> SortedFromHighest(std::span<const double> scores) {
  std::vector<ScoredRow> rows(scores.size());
  for (std::size_t row_idx = 0; row_idx < scores.size(); ++row_idx) {
    rows[row_idx] = {scores[row_idx], row_idx};
  }
  std::sort(rows.begin(), rows.end(), [](const ScoredRow& left, const ScoredRow& right) {
    if (left.score != right.score) {
      return left.score > right.score;
    }
    return left.row_idx < right.row_idx;
  });
  return rows;
}

// The last step holds the totals of both classes. Callers check for both
// classes first, with a message for the user, so a missing one here is a bug.
void RequireBothClassesInSteps(std::span<const ThresholdStep> steps) {
  if (steps.empty() || steps.back().true_positives == 0 || steps.back().false_positives == 0) {
    throw InternalError("a ranking metric was computed without both classes");
  }
}

}  // namespace

ScoreRanking::ScoreRanking(std::span<const double> scores, std::span<const std::uint8_t> labels,
                           std::span<const double> values) {
  CheckScoredRows(scores, labels);
  CheckRowValues(values, scores.size());
  std::vector<ScoredRow> sorted = SortedFromHighest(scores);
  scores_by_rank_.reserve(sorted.size());
  labels_by_rank_.reserve(sorted.size());
  rows_by_rank_.reserve(sorted.size());
  for (std::size_t rank = 0; rank < sorted.size(); ++rank) {
    const ScoredRow& row = sorted[rank];
    if (rank > 0 && row.score != sorted[rank - 1].score) {
      step_ends_.push_back(rank);
    }
    scores_by_rank_.push_back(row.score);
    labels_by_rank_.push_back(labels[row.row_idx]);
    rows_by_rank_.push_back(row.row_idx);
    if (!values.empty()) {
      values_by_rank_.push_back(values[row.row_idx]);
    }
    positives_ += labels[row.row_idx];
  }
  if (!sorted.empty()) {
    step_ends_.push_back(sorted.size());
  }
}

std::vector<ThresholdStep> ScoreRanking::Steps() const {
  std::vector<ThresholdStep> steps;
  steps.reserve(step_ends_.size());
  std::int64_t true_positives = 0;
  double true_positive_value = 0;
  std::size_t step_start = 0;
  for (std::size_t step_end : step_ends_) {
    for (std::size_t rank = step_start; rank < step_end; ++rank) {
      true_positives += labels_by_rank_[rank];
      if (!values_by_rank_.empty() && labels_by_rank_[rank] != 0) {
        true_positive_value += values_by_rank_[rank];
      }
    }
    // Every rank down to here is flagged: a true or a false positive.
    auto flagged = static_cast<std::int64_t>(step_end);
    steps.push_back({scores_by_rank_[step_start], true_positives, flagged - true_positives,
                     true_positive_value});
    step_start = step_end;
  }
  return steps;
}

void ScoreRanking::WeightedSteps(std::span<const std::uint32_t> copies_by_rank,
                                 std::vector<ThresholdStep>& steps) const {
  if (copies_by_rank.size() != size()) {
    throw InternalError(
        fmt::format("{} copies given for a ranking of {} rows", copies_by_rank.size(), size()));
  }
  steps.clear();
  std::int64_t true_positives = 0;
  std::int64_t flagged = 0;
  std::size_t step_start = 0;
  for (std::size_t step_end : step_ends_) {
    std::int64_t step_flagged = 0;
    std::int64_t step_positives = 0;
    for (std::size_t rank = step_start; rank < step_end; ++rank) {
      step_flagged += copies_by_rank[rank];
      step_positives += copies_by_rank[rank] * labels_by_rank_[rank];
    }
    if (step_flagged > 0) {
      true_positives += step_positives;
      flagged += step_flagged;
      // The bootstrap resamples ranks, not values: no true_positive_value.
      steps.push_back({scores_by_rank_[step_start], true_positives, flagged - true_positives, 0.0});
    }
    step_start = step_end;
  }
}

double ScoreRanking::ThresholdAboveAll() const {
  if (scores_by_rank_.empty()) {
    return 1.0;
  }
  double highest = scores_by_rank_.front();
  double lowest = scores_by_rank_.back();
  if (lowest >= 0.0 && highest < 1.0) {
    return 1.0;
  }
  return std::nextafter(highest, std::numeric_limits<double>::infinity());
}

double RocAucOfSteps(std::span<const ThresholdStep> steps) {
  RequireBothClassesInSteps(steps);
  // Twice the area, in units of one positive times one negative: each step
  // is a trapezoid of width (its negatives) and mean height (the positives
  // above it plus half its own), so ties get half credit.
  std::int64_t doubled_area = 0;
  ThresholdStep previous;
  for (const ThresholdStep& step : steps) {
    doubled_area += (step.false_positives - previous.false_positives) *
                    (step.true_positives + previous.true_positives);
    previous = step;
  }
  double pairs = static_cast<double>(steps.back().true_positives) *
                 static_cast<double>(steps.back().false_positives);
  return static_cast<double>(doubled_area) / (2.0 * pairs);
}

double AveragePrecisionOfSteps(std::span<const ThresholdStep> steps) {
  RequireBothClassesInSteps(steps);
  double weighted_precision = 0;
  std::int64_t previous_true_positives = 0;
  for (const ThresholdStep& step : steps) {
    std::int64_t new_positives = step.true_positives - previous_true_positives;
    if (new_positives > 0) {
      double precision = static_cast<double>(step.true_positives) /
                         static_cast<double>(step.true_positives + step.false_positives);
      weighted_precision += static_cast<double>(new_positives) * precision;
    }
    previous_true_positives = step.true_positives;
  }
  return weighted_precision / static_cast<double>(steps.back().true_positives);
}

}  // namespace churn::metrics

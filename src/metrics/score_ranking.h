#pragma once
// ScoreRanking: the rows sorted once by score, from the highest down (tied
// scores by row position, so nothing depends on the sort's luck), with every
// run of tied scores marked as one step. It is the common ground of the
// ranking metrics, the curves, the gains, the threshold choice and the
// bootstrap: each reads the cumulative counts at every distinct threshold.
//
//   ScoreRanking ranking(scores, labels);
//   std::vector<ThresholdStep> steps = ranking.Steps();
//   double auc = RocAucOfSteps(steps);
//
// A bootstrap resample never needs to be sorted again: it is a number of
// copies per rank, and WeightedSteps folds those copies into the same steps
// in one pass (the copies of a row share its score, hence its step).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace churn::metrics {

// The users flagged at one threshold (score >= threshold), counted from the
// highest score down to this step included.
struct ThresholdStep {
  double threshold = 0;  // the score shared by the tied run of this step
  std::int64_t true_positives = 0;
  std::int64_t false_positives = 0;
  double true_positive_value = 0;  // of the flagged churners, when the rows carry values
};

class ScoreRanking {
 public:
  // Checks the rows (see scored_rows.h). `values`: none, or one per row,
  // summed into the steps' true_positive_value.
  ScoreRanking(std::span<const double> scores, std::span<const std::uint8_t> labels,
               std::span<const double> values = {});

  std::size_t size() const { return labels_by_rank_.size(); }
  std::int64_t positives() const { return positives_; }
  std::int64_t negatives() const { return static_cast<std::int64_t>(size()) - positives_; }
  // Rank 0 holds the highest score.
  std::span<const std::uint8_t> labels_by_rank() const { return labels_by_rank_; }
  // The position in the scored rows of the row at each rank: a resample
  // drawn by row (the same rows for two rankings of them) maps through it.
  std::span<const std::size_t> rows_by_rank() const { return rows_by_rank_; }

  // One step per distinct score, from the highest down.
  std::vector<ThresholdStep> Steps() const;
  // The same, with the row of each rank counted copies_by_rank[rank] times;
  // a score none of whose rows is copied gives no step. `steps` is reused
  // across calls, so that a bootstrap allocates once per thread.
  void WeightedSteps(std::span<const std::uint32_t> copies_by_rank,
                     std::vector<ThresholdStep>& steps) const;

  // A threshold that flags nobody, finite so that it can be written as JSON:
  // 1.0 when every score is a probability below 1, otherwise the next double
  // above the highest score. 1.0 when there are no rows.
  double ThresholdAboveAll() const;

 private:
  std::vector<double> scores_by_rank_;
  std::vector<std::uint8_t> labels_by_rank_;
  std::vector<std::size_t> rows_by_rank_;
  std::vector<double> values_by_rank_;  // empty without values
  std::vector<std::size_t> step_ends_;  // one past the last rank of each tied run
  std::int64_t positives_ = 0;
};

// ROC-AUC of the steps, the trapezoids under the ROC curve: equal to the
// Mann-Whitney statistic with tied pairs given half credit. Computed in
// integers, so it is exact up to the final division.
double RocAucOfSteps(std::span<const ThresholdStep> steps);
// Average precision: sum over steps of (R_n - R_{n-1}) * P_n.
double AveragePrecisionOfSteps(std::span<const ThresholdStep> steps);

}  // namespace churn::metrics

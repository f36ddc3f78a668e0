#include "metrics/bootstrap_interval.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "errors/error.h"
#include "metrics/ranking_metrics.h"
#include "metrics/score_ranking.h"
#include "parallel/parallel_for.h"
#include "random/split_mix64.h"

namespace churn::metrics {
namespace {

constexpr double kLowQuantile = 0.025;
constexpr double kHighQuantile = 0.975;

// The positions (ranks, or rows) of each class: a stratified resample draws
// as many churners and as many stayers as the data holds, each with
// replacement.
struct PositionsByClass {
  std::vector<std::size_t> churners;
  std::vector<std::size_t> stayers;
};

PositionsByClass SplitRanksByClass(const ScoreRanking& ranking) {
  PositionsByClass ranks;
  std::span<const std::uint8_t> labels = ranking.labels_by_rank();
  for (std::size_t rank = 0; rank < labels.size(); ++rank) {
    (labels[rank] != 0 ? ranks.churners : ranks.stayers).push_back(rank);
  }
  return ranks;
}

// copies[position]: how many times the resample drew it.
void DrawResample(const PositionsByClass& positions, random::SplitMix64& stream,
                  std::vector<std::uint32_t>& copies) {
  std::fill(copies.begin(), copies.end(), 0U);
  for (const std::vector<std::size_t>* of_class : {&positions.churners, &positions.stayers}) {
    for (std::size_t draw_idx = 0; draw_idx < of_class->size(); ++draw_idx) {
      ++copies[(*of_class)[stream.Below(of_class->size())]];
    }
  }
}

// The q-quantile with linear interpolation between the closest ranks (numpy's
// default), of values sorted here.
double Quantile(std::vector<double> values, double quantile) {
  std::sort(values.begin(), values.end());
  double position = quantile * static_cast<double>(values.size() - 1);
  auto below = static_cast<std::size_t>(std::floor(position));
  std::size_t above = std::min(below + 1, values.size() - 1);
  double weight = position - static_cast<double>(below);
  return values[below] + weight * (values[above] - values[below]);
}

Interval PercentileInterval(const std::vector<double>& values) {
  return {Quantile(values, kLowQuantile), Quantile(values, kHighQuantile)};
}

int ResolveWorkers(int threads, int resamples) {
  if (threads < 0) {
    throw InternalError(fmt::format("the bootstrap was given {} threads", threads));
  }
  if (resamples < 1) {
    throw InternalError(fmt::format("a bootstrap of {} resamples", resamples));
  }
  return std::min(parallel::ResolveThreads(threads), resamples);
}

// The rows of each class, in row order, for a resample drawn by row.
PositionsByClass SplitRowsByClass(std::span<const std::uint8_t> labels) {
  PositionsByClass rows;
  for (std::size_t row_idx = 0; row_idx < labels.size(); ++row_idx) {
    (labels[row_idx] != 0 ? rows.churners : rows.stayers).push_back(row_idx);
  }
  return rows;
}

// ROC-AUC and PR-AUC of `ranking` with each row copied copies_by_row times.
std::pair<double, double> ResampledFigures(const ScoreRanking& ranking,
                                           std::span<const std::uint32_t> copies_by_row,
                                           std::vector<std::uint32_t>& copies_by_rank,
                                           std::vector<ThresholdStep>& steps) {
  std::span<const std::size_t> rows = ranking.rows_by_rank();
  for (std::size_t rank = 0; rank < rows.size(); ++rank) {
    copies_by_rank[rank] = copies_by_row[rows[rank]];
  }
  ranking.WeightedSteps(copies_by_rank, steps);
  return {RocAucOfSteps(steps), AveragePrecisionOfSteps(steps)};
}

}  // namespace

BootstrapIntervals BootstrapRankingIntervals(std::span<const double> scores,
                                             std::span<const std::uint8_t> labels, int resamples,
                                             std::uint64_t seed, int threads) {
  ScoreRanking ranking(scores, labels);
  RequireBothClasses(labels, kScoredRows);
  PositionsByClass ranks = SplitRanksByClass(ranking);
  int workers = ResolveWorkers(threads, resamples);
  std::vector<double> roc_aucs(static_cast<std::size_t>(resamples));
  std::vector<double> pr_aucs(static_cast<std::size_t>(resamples));
  parallel::ParallelFor(workers, [&](int worker_idx) {
    std::vector<std::uint32_t> copies_by_rank(ranking.size());
    std::vector<ThresholdStep> steps;
    for (int resample_idx = worker_idx; resample_idx < resamples; resample_idx += workers) {
      // One stream per resample, seeded from (seed, resample index): a
      // resample draws the same rows whichever thread runs it.
      random::SplitMix64 stream(random::MixSeed(seed, static_cast<std::uint64_t>(resample_idx)));
      DrawResample(ranks, stream, copies_by_rank);
      ranking.WeightedSteps(copies_by_rank, steps);
      auto slot = static_cast<std::size_t>(resample_idx);
      roc_aucs[slot] = RocAucOfSteps(steps);
      pr_aucs[slot] = AveragePrecisionOfSteps(steps);
    }
  });
  return {PercentileInterval(roc_aucs), PercentileInterval(pr_aucs)};
}

BootstrapIntervals BootstrapLeadIntervals(std::span<const double> scores,
                                          std::span<const double> baseline_scores,
                                          std::span<const std::uint8_t> labels, int resamples,
                                          std::uint64_t seed, int threads) {
  ScoreRanking model(scores, labels);
  ScoreRanking baseline(baseline_scores, labels);
  RequireBothClasses(labels, kScoredRows);
  PositionsByClass rows = SplitRowsByClass(labels);
  int workers = ResolveWorkers(threads, resamples);
  std::vector<double> roc_leads(static_cast<std::size_t>(resamples));
  std::vector<double> pr_leads(static_cast<std::size_t>(resamples));
  parallel::ParallelFor(workers, [&](int worker_idx) {
    std::vector<std::uint32_t> copies_by_row(labels.size());
    std::vector<std::uint32_t> copies_by_rank(labels.size());
    std::vector<ThresholdStep> steps;
    for (int resample_idx = worker_idx; resample_idx < resamples; resample_idx += workers) {
      random::SplitMix64 stream(random::MixSeed(seed, static_cast<std::uint64_t>(resample_idx)));
      DrawResample(rows, stream, copies_by_row);
      auto [model_roc, model_pr] = ResampledFigures(model, copies_by_row, copies_by_rank, steps);
      auto [base_roc, base_pr] = ResampledFigures(baseline, copies_by_row, copies_by_rank, steps);
      auto slot = static_cast<std::size_t>(resample_idx);
      roc_leads[slot] = model_roc - base_roc;
      pr_leads[slot] = model_pr - base_pr;
    }
  });
  return {PercentileInterval(roc_leads), PercentileInterval(pr_leads)};
}

}  // namespace churn::metrics

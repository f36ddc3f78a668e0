#pragma once
// Bootstrap 95% intervals for ROC-AUC and PR-AUC: resample users with
// replacement (stratified by label, so every resample holds both classes),
// recompute, and take the 2.5th and 97.5th percentiles (interpolated
// linearly, as numpy does). Seeded: the same inputs give the same interval on
// any number of threads.
//
// The scores are sorted once; a resample is a count of copies per row, so
// each costs one pass over the rows. `threads` 0 means every core.
// `resamples` must be at least 1. Throws InputError when the labels hold a
// single class (or none), like RocAuc.

#include <cstdint>
#include <span>

namespace churn::metrics {

struct Interval {
  double low = 0;
  double high = 0;
};

struct BootstrapIntervals {
  Interval roc_auc;
  Interval pr_auc;
};

BootstrapIntervals BootstrapRankingIntervals(std::span<const double> scores,
                                             std::span<const std::uint8_t> labels, int resamples,
                                             std::uint64_t seed, int threads);

// Intervals of a lead: ROC-AUC and PR-AUC of `scores` minus those of
// `baseline_scores` on the same rows, each resample drawing the same rows for
// both (a paired bootstrap, stratified by label), so the interval is of the
// difference itself, narrower than two separate intervals suggest.
BootstrapIntervals BootstrapLeadIntervals(std::span<const double> scores,
                                          std::span<const double> baseline_scores,
                                          std::span<const std::uint8_t> labels, int resamples,
                                          std::uint64_t seed, int threads);

}  // namespace churn::metrics

#pragma once
// What the rolling backtest's folds say together: the mean, spread and range
// of each test figure and of the lead over each baseline, and how many folds
// beat it. Computed once here; backtest.json and the command's summary line
// both read it.
//
//   BacktestSummary summary = SummarizeBacktest(outcome.folds);
//   summary.roc_auc.mean; summary.recency_lead.beaten; summary.bgnbd_lead->beaten

#include <cstddef>
#include <optional>
#include <vector>

#include "training/backtest_run.h"

namespace churn::training {

// One figure over the folds. `sd` (with n - 1) is empty for a single fold.
struct FoldSpread {
  double mean = 0;
  std::optional<double> sd;
  double min = 0;
  double max = 0;
};

// The model's lead over one baseline, fold by fold.
struct LeadSpread {
  FoldSpread roc_auc;
  FoldSpread pr_auc;
  int beaten = 0;  // folds where the model is clearly ahead (BaselineLead::Beats)
};

struct BacktestSummary {
  std::size_t folds = 0;
  FoldSpread roc_auc;
  FoldSpread pr_auc;
  LeadSpread recency_lead;
  std::optional<LeadSpread> bgnbd_lead;  // empty when a fold has no BG/NBD baseline
};

// Throws InternalError for no folds: RunBacktest never returns none.
FoldSpread SpreadOf(const std::vector<double>& values);

BacktestSummary SummarizeBacktest(const std::vector<BacktestFold>& folds);

}  // namespace churn::training

#include "training/backtest_summary.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "errors/error.h"

namespace churn::training {
namespace {

// A fold's lead over one baseline; null when the fold has none.
using LeadOf = const report::BaselineLead* (*)(const BacktestFold&);

// Empty when a fold lacks the baseline.
std::optional<LeadSpread> LeadSpreadOf(const std::vector<BacktestFold>& folds, LeadOf lead_of) {
  std::vector<double> roc_auc;
  std::vector<double> pr_auc;
  int beaten = 0;
  for (const BacktestFold& fold : folds) {
    const report::BaselineLead* lead = lead_of(fold);
    if (lead == nullptr) {
      return std::nullopt;
    }
    roc_auc.push_back(lead->roc_auc.difference);
    pr_auc.push_back(lead->pr_auc.difference);
    beaten += lead->Beats() ? 1 : 0;
  }
  return LeadSpread{.roc_auc = SpreadOf(roc_auc), .pr_auc = SpreadOf(pr_auc), .beaten = beaten};
}

}  // namespace

FoldSpread SpreadOf(const std::vector<double>& values) {
  if (values.empty()) {
    throw InternalError("a backtest summary needs at least one fold");
  }
  FoldSpread spread;
  spread.mean =
      std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  if (values.size() >= 2) {
    double squares = 0;
    for (double value : values) {
      squares += (value - spread.mean) * (value - spread.mean);
    }
    spread.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  }
  auto [min, max] = std::minmax_element(values.begin(), values.end());
  spread.min = *min;
  spread.max = *max;
  return spread;
}

BacktestSummary SummarizeBacktest(const std::vector<BacktestFold>& folds) {
  std::vector<double> roc_auc;
  std::vector<double> pr_auc;
  for (const BacktestFold& fold : folds) {
    roc_auc.push_back(fold.test.roc_auc);
    pr_auc.push_back(fold.test.pr_auc);
  }
  BacktestSummary summary{.folds = folds.size(),
                          .roc_auc = SpreadOf(roc_auc),
                          .pr_auc = SpreadOf(pr_auc),
                          .recency_lead = {},
                          .bgnbd_lead = {}};
  summary.recency_lead = *LeadSpreadOf(
      folds,
      [](const BacktestFold& fold) -> const report::BaselineLead* { return &fold.recency_lead; });
  summary.bgnbd_lead =
      LeadSpreadOf(folds, [](const BacktestFold& fold) -> const report::BaselineLead* {
        return fold.bgnbd_lead ? &*fold.bgnbd_lead : nullptr;
      });
  return summary;
}

}  // namespace churn::training

#pragma once
// backtest.json: the rolling backtest's folds, the cutoffs it skipped and
// why, the summary of its folds (mean, spread and range of each figure and
// of the lead over each baseline, and how many folds beat it) and the decay
// of each fold's model over the later cutoffs. docs/api.md describes it.

#include <nlohmann/json.hpp>

#include "training/backtest_run.h"

namespace churn::training {

nlohmann::json BacktestJson(const BacktestOutcome& outcome);

}  // namespace churn::training

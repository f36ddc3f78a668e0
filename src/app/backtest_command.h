#pragma once
// `churn-radar backtest`: the rolling backtest (training::RunBacktest), then
// a human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "training/backtest_run.h"

namespace churn::app {

// Progress drawn unless `quiet`; with a distributed `group`, the
// coordinator prints the summary.
ExitCode RunBacktestCommand(const config_file::AppConfig& config, bool quiet,
                            const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The rolling backtest with the config's settings, progress drawn unless `quiet`.
training::BacktestOutcome BacktestWithConfig(
    const config_file::AppConfig& config, bool quiet,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The summary RunBacktestCommand prints, for `run` too.
void PrintBacktestSummary(const config_file::AppConfig& config,
                          const training::BacktestOutcome& outcome);

}  // namespace churn::app

#pragma once
// `churn-radar backtest`: the rolling backtest (training::RunBacktest), then
// a human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "training/backtest_run.h"

namespace churn::app {

// Progress drawn unless `quiet`.
ExitCode RunBacktestCommand(const config_file::AppConfig& config, bool quiet);

// The rolling backtest with the config's settings, progress drawn unless `quiet`.
training::BacktestOutcome BacktestWithConfig(const config_file::AppConfig& config, bool quiet);

// The summary RunBacktestCommand prints, for `run` too.
void PrintBacktestSummary(const config_file::AppConfig& config,
                          const training::BacktestOutcome& outcome);

}  // namespace churn::app

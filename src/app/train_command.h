#pragma once
// `churn-radar train`: the training run (training::RunTraining), then a
// human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "training/training_run.h"

namespace churn::app {

// Progress drawn unless `quiet`.
ExitCode RunTrain(const config_file::AppConfig& config, bool quiet);

// The training run with the config's settings, progress drawn unless `quiet`.
training::TrainingOutcome TrainWithConfig(const config_file::AppConfig& config, bool quiet);

// The summary RunTrain prints, for `run` too.
void PrintTrainSummary(const config_file::AppConfig& config,
                       const training::TrainingOutcome& outcome);

}  // namespace churn::app

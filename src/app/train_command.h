#pragma once
// `churn-radar train`: the training run (training::RunTraining), then a
// human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "training/training_run.h"

namespace churn::app {

ExitCode RunTrain(const config_file::AppConfig& config);

// The summary RunTrain prints, for `run` too.
void PrintTrainSummary(const config_file::AppConfig& config,
                       const training::TrainingOutcome& outcome);

}  // namespace churn::app

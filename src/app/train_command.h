#pragma once
// `churn-radar train`: the training run (training::RunTraining), then a
// human summary on stdout.

#include "app/app_config.h"
#include "app/exit_code.h"
#include "training/training_run.h"

namespace churn::app {

ExitCode RunTrain(const AppConfig& config);

// The summary RunTrain prints, for `run` too.
void PrintTrainSummary(const AppConfig& config, const training::TrainingOutcome& outcome);

}  // namespace churn::app

#pragma once
// `churn-radar train`: the training run (training::RunTraining), then a
// human summary on stdout.

#include "app/exit_code.h"
#include "collective/worker_group.h"
#include "config_file/app_config.h"
#include "training/training_run.h"

namespace churn::app {

// Progress drawn unless `quiet`. As one worker of `group`, the coordinator
// prints the summary and the others nothing.
ExitCode RunTrain(const config_file::AppConfig& config, bool quiet,
                  const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The training run with the config's settings, progress drawn unless `quiet`.
training::TrainingOutcome TrainWithConfig(
    const config_file::AppConfig& config, bool quiet,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The summary RunTrain prints, for `run` too.
void PrintTrainSummary(const config_file::AppConfig& config,
                       const training::TrainingOutcome& outcome);

}  // namespace churn::app

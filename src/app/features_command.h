#pragma once
// `churn-radar features`: the feature tables pipeline
// (dataset::BuildFeatureTables), then a human summary on stdout.

#include "app/exit_code.h"
#include "collective/worker_group.h"
#include "config_file/app_config.h"

namespace churn::app {

// As one worker of `group` (docs/scale-out.md), the coordinator prints the
// run's summary and the others nothing.
ExitCode RunFeatures(const config_file::AppConfig& config, bool quiet,
                     const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::app

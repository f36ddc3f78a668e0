#pragma once
// `churn-radar features`: the feature tables pipeline
// (dataset::BuildFeatureTables), then a human summary on stdout.

#include <functional>

#include "app/exit_code.h"
#include "app/progress_line.h"
#include "config_file/app_config.h"
#include "features/log_set.h"

namespace churn::app {

// Draws the progress of reading the logs, in MiB, on `line`.
features::LogSetProgress LogProgress(ProgressLine& line);

ExitCode RunFeatures(const config_file::AppConfig& config, bool quiet);

}  // namespace churn::app

#pragma once
// `churn-radar features`: the feature tables pipeline
// (dataset::BuildFeatureTables), then a human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"

namespace churn::app {

ExitCode RunFeatures(const config_file::AppConfig& config, bool quiet);

}  // namespace churn::app

#pragma once
// `churn-radar run`: the whole cycle (features, train, explain) on the
// configured logs, ending with a summary.

#include "app/exit_code.h"
#include "config_file/app_config.h"

namespace churn::app {

ExitCode RunPipeline(const config_file::AppConfig& config, bool quiet);

}  // namespace churn::app

#pragma once
// `churn-radar run`: the whole cycle (features, train, explain) on the
// configured logs, ending with a summary.

#include "app/app_config.h"
#include "app/exit_code.h"

namespace churn::app {

ExitCode RunPipeline(const AppConfig& config, bool quiet);

}  // namespace churn::app

#pragma once
// `churn-radar make-dataset`: the demo shop's logs (--demo) or a by-user
// sample of big real logs (--sample).

#include "app/exit_code.h"
#include "app/invocation.h"
#include "config_file/app_config.h"

namespace churn::app {

ExitCode RunMakeDataset(const config_file::AppConfig& config, const MakeDatasetOptions& options,
                        bool quiet);

}  // namespace churn::app

#pragma once
// `churn-radar make-dataset`: the demo shop's logs (--demo) or a by-user
// sample of big real logs (--sample).

#include "app/app_config.h"
#include "app/exit_code.h"
#include "app/invocation.h"

namespace churn::app {

ExitCode RunMakeDataset(const AppConfig& config, const MakeDatasetOptions& options, bool quiet);

}  // namespace churn::app

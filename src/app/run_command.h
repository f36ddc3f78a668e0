#pragma once
// `churn-radar run`: the whole cycle (features, train, explain, and the
// scoring of today's customers) on the configured logs, ending with a
// summary. With --workers or --tracker, on several workers
// (docs/scale-out.md): each stage on each worker's share of the users, the
// coordinator writing and printing what one process would.

#include "app/exit_code.h"
#include "app/invocation.h"
#include "config_file/app_config.h"

namespace churn::app {

ExitCode RunPipeline(const config_file::AppConfig& config, const Invocation& invocation);

// "churn-radar serve", with the --config and --out the invocation gave, so
// that it serves what the run wrote.
std::string ServeCommandFor(const Invocation& invocation);

}  // namespace churn::app

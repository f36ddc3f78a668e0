#pragma once
// `churn-radar predict`: one user (--user-id), with probability, risk band,
// label at the threshold and the top reasons, from the explained test
// snapshot or, with --from-logs, from the raw logs at a cutoff; or a whole
// features file (--input, --output), with the top reasons of every user.

#include "app/exit_code.h"
#include "app/invocation.h"
#include "config_file/app_config.h"

namespace churn::app {

ExitCode RunPredict(const config_file::AppConfig& config, const PredictOptions& options,
                    bool quiet);

}  // namespace churn::app

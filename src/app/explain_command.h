#pragma once
// `churn-radar explain`: the explanation run (report::ExplainTestSnapshot),
// then a human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "report/explanation_run.h"

namespace churn::app {

ExitCode RunExplain(const config_file::AppConfig& config);

// The summary RunExplain prints, for `run` too.
void PrintExplainSummary(const config_file::AppConfig& config,
                         const report::ExplanationOutcome& outcome);

// The explanation run with the config's settings.
report::ExplanationOutcome ExplainWithConfig(const config_file::AppConfig& config);

}  // namespace churn::app

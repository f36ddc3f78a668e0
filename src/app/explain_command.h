#pragma once
// `churn-radar explain`: the explanation run (report::ExplainTestSnapshot),
// then a human summary on stdout.

#include "app/app_config.h"
#include "app/exit_code.h"
#include "report/explanation_run.h"

namespace churn::app {

ExitCode RunExplain(const AppConfig& config);

// The summary RunExplain prints, for `run` too.
void PrintExplainSummary(const AppConfig& config, const report::ExplanationOutcome& outcome);

// The explanation run with the config's settings.
report::ExplanationOutcome ExplainWithConfig(const AppConfig& config);

}  // namespace churn::app

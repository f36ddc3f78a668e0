#pragma once
// `churn-radar explain`: the explanation run (report::ExplainTestSnapshot),
// then a human summary on stdout.

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "report/explanation_run.h"

namespace churn::app {

// Progress drawn unless `quiet`; with a distributed `group`, the coordinator
// prints the summary.
ExitCode RunExplain(const config_file::AppConfig& config, bool quiet,
                    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The summary RunExplain prints, for `run` too.
void PrintExplainSummary(const config_file::AppConfig& config,
                         const report::ExplanationOutcome& outcome);

// The explanation run with the config's settings, progress drawn unless `quiet`.
report::ExplanationOutcome ExplainWithConfig(
    const config_file::AppConfig& config, bool quiet,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::app

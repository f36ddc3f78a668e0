#pragma once
// `churn-radar score`: today's customers scored by the trained model
// (scoring::ScoreCurrentCustomers), then a summary on stdout: the as-of
// date, the counts by band, the movers since the previous scoring, the
// drift and where the list is.

#include <optional>
#include <string>

#include "app/exit_code.h"
#include "config_file/app_config.h"
#include "scoring/scoring_run.h"

namespace churn::app {

// With a distributed `group`, the coordinator prints the summary.
ExitCode RunScore(const config_file::AppConfig& config, const std::optional<std::string>& as_of,
                  bool quiet,
                  const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The scoring with the config's settings, progress drawn unless `quiet`.
scoring::ScoringOutcome ScoreWithConfig(
    const config_file::AppConfig& config, const std::optional<std::string>& as_of, bool quiet,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The scoring of rows already read at the as-of cutoff (`run`'s, from the
// stream of its feature tables), progress drawn unless `quiet`.
scoring::ScoringOutcome ScoreWithConfig(
    const config_file::AppConfig& config, features::CutoffRows as_of_rows, bool quiet,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// The summary RunScore prints, for `run` too; warns (stderr) about drift.
void PrintScoreSummary(const scoring::ScoringOutcome& outcome);

}  // namespace churn::app

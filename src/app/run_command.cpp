#include "app/run_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "app/backtest_command.h"
#include "app/distributed_command.h"
#include "app/explain_command.h"
#include "app/progress_line.h"
#include "app/run_summary.h"
#include "app/score_command.h"
#include "app/train_command.h"
#include "dataset/feature_tables.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "events/log_discovery.h"
#include "scoring/scoring_files.h"
#include "server/dashboard_service.h"

namespace churn::app {
namespace {

using events::DisplayPath;

constexpr std::string_view kNoLogsHint =
    "point --logs at your logs, or run 'churn-radar make-dataset --demo' to generate demo logs";

// The tables `train` just read hold too few snapshots for a backtest when
// it fails: `run` says so and goes on.
void RunBacktestInRun(const config_file::AppConfig& config, bool quiet,
                      const collective::WorkerGroup& group) {
  try {
    training::BacktestOutcome outcome = BacktestWithConfig(config, quiet, group);
    if (group.coordinator()) {
      PrintBacktestSummary(config, outcome);
    }
  } catch (const InputError& error) {  // on every worker alike: the folds fail on agreed figures
    if (group.coordinator()) {
      fmt::print("Rolling backtest skipped: {}\n", error.what());
    }
  }
}

// The test snapshot's cutoff, "2019-12-01" (a stratified split holds out
// users of its only snapshot).
std::string TestCutoffs(const dataset::FeatureTablesOutcome& features) {
  std::vector<std::string> cutoffs;
  for (const dataset::SnapshotSummary& snapshot : features.snapshots) {
    if (snapshot.test || features.snapshots.size() == 1) {
      cutoffs.push_back(snapshot.cutoff);
    }
  }
  return fmt::format("{}", fmt::join(cutoffs, ", "));
}

}  // namespace

std::string ServeCommandFor(const Invocation& invocation) {
  std::string command = "churn-radar";
  if (invocation.config_given) {
    command += fmt::format(" --config {}", DisplayPath(invocation.config_path));
  }
  command += " serve";
  if (invocation.overrides.out_dir) {
    command += fmt::format(" --out {}", DisplayPath(*invocation.overrides.out_dir));
  }
  return command;
}

namespace {

// The cycle on this worker (alone: on every user); only the coordinator prints.
ExitCode RunCycle(const config_file::AppConfig& config, const Invocation& invocation,
                  const collective::WorkerGroup& group, bool quiet) {
  RunSummary summary;
  summary.workers = group.size();
  summary.serve_command = ServeCommandFor(invocation);
  summary.logs = events::DiscoverLogsToRun(config.logs, kNoLogsHint);
  summary.data_dir = config.output.data_dir;
  summary.models_dir = config.output.models_dir;
  summary.dashboard_url = server::ListeningUrl(config.server.host, config.server.port);
  if (summary.logs.empty()) {
    summary.single_log = DisplayPath(config.logs);
    spdlog::info("running on {}", *summary.single_log);
  } else {
    spdlog::info("running on {} monthly logs from {}", summary.logs.size(),
                 DisplayPath(summary.logs.front().path.parent_path()));
  }

  dataset::FeatureTablesOutcome features;
  {
    ProgressLine progress("features", quiet);
    // Today's rows from the same stream: the scoring at the end needs no second one.
    features =
        dataset::BuildFeatureTables(config.features, config.logs, config.output, progress.Reading(),
                                    {.keep_as_of_rows = true,
                                     .value = config.value,
                                     .steps = progress.Steps(),
                                     .group = group});
  }
  summary.users = features.users;
  if (features.test_rows > 0) {
    summary.churn_rate =
        static_cast<double>(features.test_churned) / static_cast<double>(features.test_rows);
    summary.test_users = features.test_rows;
    summary.test_cutoffs = TestCutoffs(features);
  }
  training::TrainingOutcome model = TrainWithConfig(config, quiet, group);
  if (group.coordinator()) {
    PrintTrainSummary(config, model);
  }
  const report::ModelEvaluation& test = model.test;
  summary.best_model = model.candidates[model.chosen].name;
  summary.roc_auc = test.roc_auc;
  summary.pr_auc = test.pr_auc;
  summary.f1 = test.confusion.F1();
  summary.threshold = test.threshold;
  if (config.report.backtest) {
    RunBacktestInRun(config, quiet, group);
  }
  report::ExplanationOutcome explanations = ExplainWithConfig(config, quiet, group);
  if (group.coordinator()) {
    PrintExplainSummary(config, explanations);
  }
  scoring::ScoringOutcome scoring =
      ScoreWithConfig(config, std::move(*features.as_of_rows), quiet, group);
  if (!group.coordinator()) {
    return ExitCode::kOk;
  }
  PrintScoreSummary(scoring);
  summary.as_of = scoring.as_of;
  summary.scored_users = scoring.users;
  summary.flagged = scoring.flagged;
  summary.at_risk_list = scoring.folder / scoring::kAtRiskFile;
  PrintRunSummary(summary);
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunPipeline(const config_file::AppConfig& config, const Invocation& invocation) {
  return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
    return RunCycle(config, invocation, group, quiet);
  });
}

}  // namespace churn::app

#include "app/predict_command.h"

#include <fmt/format.h>

#include "app/progress_line.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "report/file_scoring.h"
#include "scoring/user_prediction.h"

namespace churn::app {
namespace {

void PrintScore(const report::UserScore& score) {
  const report::UserRow& row = score.row;
  fmt::print("user {}{}: churn probability {:.1f}% ({} risk; {} at the threshold {:.3f})\n",
             row.user_id, row.cutoff.empty() ? "" : " at " + row.cutoff, 100.0 * score.probability,
             score.risk_band, score.label ? "flagged" : "not flagged", score.threshold);
  for (const explain::Reason& reason : score.reasons) {
    fmt::print("  {:+.3f}  {}\n", reason.shap, reason.phrase);
  }
  fmt::print("features from {}\n", row.source);
}

ExitCode PredictUser(const config_file::AppConfig& config, const PredictOptions& options,
                     bool quiet) {
  std::optional<ProgressLine> progress;
  std::optional<scoring::LogsToScore> from_logs;
  if (options.from_logs) {
    progress.emplace("predict", quiet);
    from_logs = scoring::LogsToScore{.features = config.features,
                                     .logs = config.logs,
                                     .cutoff = options.cutoff,
                                     .progress = progress->Reading()};
  }
  scoring::UserPrediction prediction =
      scoring::PredictUser(config.output, *options.user_id, from_logs, options.reasons);
  progress.reset();  // erased before the answer prints
  if (options.json) {
    fmt::print("{}\n", report::UserScoreJson(prediction.score, prediction.features)
                           .dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    PrintScore(prediction.score);
  }
  return ExitCode::kOk;
}

ExitCode PredictFile(const config_file::AppConfig& config, const PredictOptions& options,
                     bool quiet) {
  report::FileScoringOutcome outcome;
  {
    ProgressLine progress("predict", quiet);
    outcome = report::ScoreFile(config.output,
                                {.input = *options.input,
                                 .output = *options.output,
                                 .cutoff = options.cutoff,
                                 .reasons = options.reasons,
                                 .threads = config.train.threads,
                                 .force = options.force,
                                 .features = config.features},
                                progress.Reading(), progress.Steps());
  }
  fmt::print("Scored {} users in {:.2f} s: {} flagged at the threshold {:.3f}; wrote {}\n",
             outcome.users, outcome.seconds, outcome.flagged, outcome.threshold,
             events::DisplayPath(*options.output));
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunPredict(const config_file::AppConfig& config, const PredictOptions& options,
                    bool quiet) {
  if (options.user_id && (options.input || options.output)) {
    throw UsageError("predict takes either --user-id or --input with --output, not both");
  }
  if (options.user_id) {
    if (options.cutoff && !options.from_logs) {
      throw UsageError("--cutoff goes with --from-logs (or raw logs as --input)");
    }
    return PredictUser(config, options, quiet);
  }
  if (!options.input || !options.output) {
    throw UsageError("predict needs --user-id ID, or --input FILE with --output FILE");
  }
  if (options.from_logs) {
    throw UsageError("--from-logs goes with --user-id; to score raw logs, pass them as --input");
  }
  return PredictFile(config, options, quiet);
}

}  // namespace churn::app

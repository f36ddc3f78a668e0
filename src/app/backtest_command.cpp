#include "app/backtest_command.h"

#include <fmt/format.h>

#include "app/progress_line.h"
#include "events/counted_noun.h"
#include "events/display_path.h"
#include "report/report_files.h"
#include "training/backtest_summary.h"

namespace churn::app {
namespace {

// "0.8204 [0.8177, 0.8228]"
std::string WithInterval(double value, const std::optional<metrics::Interval>& interval) {
  if (!interval) {
    return fmt::format("{:.4f}", value);
  }
  return fmt::format("{:.4f} [{:.4f}, {:.4f}]", value, interval->low, interval->high);
}

void PrintFold(const training::BacktestFold& fold) {
  const report::ModelEvaluation& test = fold.test;
  std::optional<metrics::Interval> roc;
  std::optional<metrics::Interval> pr;
  if (test.intervals) {
    roc = test.intervals->roc_auc;
    pr = test.intervals->pr_auc;
  }
  fmt::print("  {}  {:>8} {:<17} {:<24} {:<24} {:+.4f} / {:+.4f}{}\n", fold.test_cutoff, test.rows,
             fold.candidates[fold.chosen].name, WithInterval(test.roc_auc, roc),
             WithInterval(test.pr_auc, pr), fold.recency_lead.roc_auc.difference,
             fold.recency_lead.pr_auc.difference,
             fold.recency_lead.Beats() ? "" : "  (not clearly ahead of recency)");
}

// "0.8204 ± 0.0032"
std::string MeanAndSpread(const training::FoldSpread& spread) {
  if (!spread.sd) {
    return fmt::format("{:.4f}", spread.mean);
  }
  return fmt::format("{:.4f} ± {:.4f}", spread.mean, *spread.sd);
}

}  // namespace

void PrintBacktestSummary(const config_file::AppConfig& config,
                          const training::BacktestOutcome& outcome) {
  fmt::print("Rolling backtest: {} in {:.1f} s, each trained only on the snapshots before it\n",
             events::CountedNoun(static_cast<std::int64_t>(outcome.folds.size()), "test cutoff"),
             outcome.seconds);
  fmt::print("  {:<10}  {:>8} {:<17} {:<24} {:<24} {}\n", "cutoff", "users", "model",
             "ROC-AUC [95%]", "PR-AUC [95%]", "lead over recency (ROC / PR)");
  for (const training::BacktestFold& fold : outcome.folds) {
    PrintFold(fold);
  }
  for (const training::SkippedFold& skipped : outcome.skipped) {
    fmt::print("  {}  skipped: {}\n", skipped.test_cutoff, skipped.reason);
  }
  training::BacktestSummary summary = training::SummarizeBacktest(outcome.folds);
  fmt::print("  mean ROC-AUC {}, PR-AUC {}; ahead of recency at {} of {}\n",
             MeanAndSpread(summary.roc_auc), MeanAndSpread(summary.pr_auc),
             summary.recency_lead.beaten,
             events::CountedNoun(static_cast<std::int64_t>(outcome.folds.size()), "cutoff"));
  fmt::print("wrote {}\n", events::DisplayPath(config.output.models_dir / report::kBacktestFile));
}

training::BacktestOutcome BacktestWithConfig(const config_file::AppConfig& config, bool quiet,
                                             const collective::WorkerGroup& group) {
  ProgressLine progress("backtest", quiet);
  return training::RunBacktest({config.train, config.report}, config.output, progress.Steps(),
                               group);
}

ExitCode RunBacktestCommand(const config_file::AppConfig& config, bool quiet,
                            const collective::WorkerGroup& group) {
  training::BacktestOutcome outcome = BacktestWithConfig(config, quiet, group);
  if (group.coordinator()) {
    PrintBacktestSummary(config, outcome);
  }
  return ExitCode::kOk;
}

}  // namespace churn::app

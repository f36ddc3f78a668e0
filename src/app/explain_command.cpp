#include "app/explain_command.h"

#include <fmt/format.h>

#include "app/progress_line.h"
#include "events/display_path.h"
#include "explain/shap_store.h"
#include "explain/shap_summary.h"

namespace churn::app {

report::ExplanationOutcome ExplainWithConfig(const config_file::AppConfig& config, bool quiet,
                                             const collective::WorkerGroup& group) {
  ProgressLine progress("explain", quiet);
  return report::ExplainTestSnapshot(
      config.output, {.threads = config.train.threads, .seed = config.train.seed, .group = group},
      progress.Steps());
}

void PrintExplainSummary(const config_file::AppConfig& config,
                         const report::ExplanationOutcome& outcome) {
  double rate =
      outcome.shap_seconds > 0 ? static_cast<double>(outcome.users) / outcome.shap_seconds : 0.0;
  fmt::print(
      "Explained {} users of the test snapshot with exact SHAP values ({}) in {:.2f} s "
      "({:.0f} users/s)\n",
      outcome.users, outcome.model_type, outcome.shap_seconds, rate);
  fmt::print("  mean |SHAP| (log-odds)  feature\n");
  for (const auto& [feature, value] : outcome.top_features) {
    fmt::print("  {:>21.4f}  {}\n", value, feature);
  }
  fmt::print("wrote {} and {}\n",
             events::DisplayPath(config.output.models_dir / explain::kShapStoreFileName),
             events::DisplayPath(config.output.models_dir / explain::kShapSummaryFile));
}

ExitCode RunExplain(const config_file::AppConfig& config, bool quiet,
                    const collective::WorkerGroup& group) {
  report::ExplanationOutcome outcome = ExplainWithConfig(config, quiet, group);
  if (group.coordinator()) {
    PrintExplainSummary(config, outcome);
  }
  return ExitCode::kOk;
}

}  // namespace churn::app

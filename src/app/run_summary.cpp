#include "app/run_summary.h"

#include <fmt/format.h>

#include "app/display_path.h"

namespace churn::app {
namespace {

constexpr int kLabelWidth = 12;

std::string Missing(const RunSummary& summary) {
  if (summary.stages_not_built.empty()) {
    return "not available";
  }
  return fmt::format("not available ({} not built yet)", summary.stages_not_built.front());
}

template <typename T>
std::string Figure(const std::optional<T>& value, const RunSummary& summary,
                   std::string_view format = "{}") {
  return value ? fmt::format(fmt::runtime(format), *value) : Missing(summary);
}

void PrintLine(std::string_view label, const std::string& value) {
  fmt::print("  {:<{}} {}\n", label, kLabelWidth, value);
}

}  // namespace

void PrintRunSummary(const RunSummary& summary) {
  fmt::print("\nchurn-radar run: summary\n");
  if (summary.single_log) {
    PrintLine("logs", fmt::format("one file, {}", *summary.single_log));
  }
  if (!summary.logs.empty()) {
    PrintLine("logs", fmt::format("{} monthly files, {} to {}, in {}", summary.logs.size(),
                                  summary.logs.front().month.ToIsoString(),
                                  summary.logs.back().month.ToIsoString(),
                                  DisplayPath(summary.logs.front().path.parent_path())));
  }
  PrintLine("users", Figure(summary.users, summary));
  PrintLine("churn rate", summary.churn_rate ? fmt::format("{:.1f}%", 100.0 * *summary.churn_rate)
                                             : Missing(summary));
  PrintLine("best model", Figure(summary.best_model, summary));
  PrintLine("ROC-AUC", Figure(summary.roc_auc, summary, "{:.4f}"));
  PrintLine("PR-AUC", Figure(summary.pr_auc, summary, "{:.4f}"));
  PrintLine("F1", Figure(summary.f1, summary, "{:.4f}"));
  PrintLine("threshold", Figure(summary.threshold, summary, "{:.4f}"));
  PrintLine("data", DisplayPath(summary.data_dir));
  PrintLine("models", DisplayPath(summary.models_dir));
  PrintLine("dashboard", summary.dashboard_built
                             ? fmt::format("churn-radar serve, then open {}", summary.dashboard_url)
                             : std::string("not available ('serve' not built yet)"));
  if (!summary.stages_not_built.empty()) {
    fmt::print("\nPipeline incomplete: {} not built yet.{}\n",
               fmt::join(summary.stages_not_built, ", "),
               summary.best_model ? "" : " No model was trained, so no figures are reported.");
  }
}

}  // namespace churn::app

#include "app/run_summary.h"

#include <fmt/format.h>

#include "events/counted_noun.h"
#include "events/display_path.h"

namespace churn::app {
namespace {

constexpr int kLabelWidth = 12;

constexpr std::string_view kMissing = "not available";

template <typename T>
std::string Figure(const std::optional<T>& value, std::string_view format = "{}") {
  return value ? fmt::format(fmt::runtime(format), *value) : std::string(kMissing);
}

void PrintLine(std::string_view label, const std::string& value) {
  fmt::print("  {:<{}} {}\n", label, kLabelWidth, value);
}

// "27.0% of the 1598 test users (snapshot 2019-12-01)": the rate is the
// test users', not the logs'.
std::string ChurnRate(const RunSummary& summary) {
  if (!summary.churn_rate) {
    return std::string(kMissing);
  }
  std::string rate = fmt::format("{:.1f}%", 100.0 * *summary.churn_rate);
  if (!summary.test_users) {
    return rate;
  }
  std::string whose =
      fmt::format("{} of the {}", rate, events::CountedNoun(*summary.test_users, "test user"));
  return summary.test_cutoffs.empty()
             ? whose
             : fmt::format("{} (snapshot {})", whose, summary.test_cutoffs);
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
                                  events::DisplayPath(summary.logs.front().path.parent_path())));
  }
  PrintLine("users", summary.users ? fmt::format("{} with an event in the logs", *summary.users)
                                   : std::string(kMissing));
  if (summary.workers > 1) {
    PrintLine("workers", fmt::format("{}, each with its share of the users", summary.workers));
  }
  PrintLine("churn rate", ChurnRate(summary));
  PrintLine("best model", Figure(summary.best_model));
  PrintLine("ROC-AUC", Figure(summary.roc_auc, "{:.4f}"));
  PrintLine("PR-AUC", Figure(summary.pr_auc, "{:.4f}"));
  PrintLine("F1", Figure(summary.f1, "{:.4f}"));
  PrintLine("threshold", Figure(summary.threshold, "{:.4f}"));
  PrintLine("as of", summary.as_of && summary.scored_users && summary.flagged
                         ? fmt::format("{}: {} customers scored, {} flagged", *summary.as_of,
                                       *summary.scored_users, *summary.flagged)
                         : std::string(kMissing));
  PrintLine("at-risk list", summary.at_risk_list ? events::DisplayPath(*summary.at_risk_list)
                                                 : std::string(kMissing));
  PrintLine("data", events::DisplayPath(summary.data_dir));
  PrintLine("models", events::DisplayPath(summary.models_dir));
  PrintLine("dashboard",
            fmt::format("{}, then open {}", summary.serve_command, summary.dashboard_url));
}

}  // namespace churn::app

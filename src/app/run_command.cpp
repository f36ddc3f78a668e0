#include "app/run_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/explain_command.h"
#include "app/features_command.h"
#include "app/run_summary.h"
#include "app/train_command.h"
#include "app/version.h"
#include "dataset/feature_tables.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "events/log_discovery.h"

namespace churn::app {
namespace {

using events::DisplayPath;

// True when the configured place holds no log at all, the case where
// generating demo logs is the likely next step.
bool HoldsNoLogs(const std::string& logs) {
  if (events::HasGlobCharacters(logs)) {
    return false;  // the glob's own error says what matched
  }
  return !std::filesystem::exists(logs) ||
         (std::filesystem::is_directory(logs) && events::ListMonthlyLogFiles(logs).empty());
}

std::vector<events::MonthlyLog> FindLogs(const config_file::AppConfig& config) {
  if (std::filesystem::is_regular_file(config.logs) && !events::MonthOfLogFile(config.logs)) {
    return {};  // one undated export: the feature stage takes its span from the events
  }
  try {
    return events::DiscoverMonthlyLogs(config.logs);
  } catch (const InputError& error) {
    if (!HoldsNoLogs(config.logs)) {
      throw;
    }
    throw InputError(fmt::format(
        "{}; point --logs at your logs, or run 'churn-radar make-dataset --demo' to generate demo "
        "logs",
        error.what()));
  }
}

}  // namespace

ExitCode RunPipeline(const config_file::AppConfig& config, bool quiet) {
  RunSummary summary;
  summary.logs = FindLogs(config);
  summary.data_dir = config.output.data_dir;
  summary.models_dir = config.output.models_dir;
  summary.dashboard_url = fmt::format("http://{}:{}/", config.server.host, config.server.port);
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
    features = dataset::BuildFeatureTables(config.features, config.logs, config.output,
                                           LogProgress(progress));
  }
  summary.users = features.users;
  if (features.test_rows > 0) {
    summary.churn_rate =
        static_cast<double>(features.test_churned) / static_cast<double>(features.test_rows);
  }
  training::TrainingOutcome model =
      training::RunTraining({config.train, config.report}, config.output, kVersion);
  PrintTrainSummary(config, model);
  const report::ModelEvaluation& test = model.test;
  summary.best_model = model.candidates[model.chosen].name;
  summary.roc_auc = test.roc_auc;
  summary.pr_auc = test.pr_auc;
  summary.f1 = test.confusion.F1();
  summary.threshold = test.threshold;
  report::ExplanationOutcome explanations = ExplainWithConfig(config);
  PrintExplainSummary(config, explanations);
  PrintRunSummary(summary);
  return ExitCode::kOk;
}

}  // namespace churn::app

#include "app/features_command.h"

#include <fmt/format.h>

#include "dataset/dataset_files.h"
#include "dataset/feature_tables.h"
#include "events/display_path.h"

namespace churn::app {

features::LogSetProgress LogProgress(ProgressLine& line) {
  return [&line](std::int64_t bytes_done, std::int64_t bytes_total) {
    if (bytes_done >= bytes_total) {
      line.Clear();  // streamed: the stage's notes follow
      return;
    }
    line.Update(bytes_done >> 20, bytes_total >> 20, "MiB");
  };
}

ExitCode RunFeatures(const config_file::AppConfig& config, bool quiet) {
  dataset::FeatureTablesOutcome outcome;
  {
    ProgressLine progress("features", quiet);
    outcome = dataset::BuildFeatureTables(config.features, config.logs, config.output,
                                          LogProgress(progress));
  }
  fmt::print(
      "Features for {} users from {} events in {:.2f} s ({:.2f} million events/s)\n", outcome.users,
      outcome.events, outcome.seconds,
      outcome.seconds > 0 ? static_cast<double>(outcome.events) / outcome.seconds / 1e6 : 0.0);
  for (const std::string& file : outcome.files) {
    fmt::print("  {}\n", file);
  }
  fmt::print("user histories: {:.1f} MB ({:.0f} bytes per user)\n",
             static_cast<double>(outcome.history_bytes) / 1e6,
             outcome.users > 0
                 ? static_cast<double>(outcome.history_bytes) / static_cast<double>(outcome.users)
                 : 0.0);
  for (const dataset::SnapshotSummary& snapshot : outcome.snapshots) {
    double rate = snapshot.users > 0 ? 100.0 * static_cast<double>(snapshot.churned) /
                                           static_cast<double>(snapshot.users)
                                     : 0.0;
    fmt::print("  snapshot {}  {:>9} users  churn {:5.1f}%{}\n", snapshot.cutoff, snapshot.users,
               rate, snapshot.test ? "  (test)" : "");
  }
  fmt::print("split: {}; train rows {}, test rows {}\n", outcome.split, outcome.train_rows,
             outcome.test_rows);
  fmt::print("wrote {} and {}\n",
             events::DisplayPath(config.output.data_dir / dataset::kProcessedTrainFile),
             events::DisplayPath(config.output.data_dir / dataset::kProcessedTestFile));
  return ExitCode::kOk;
}

}  // namespace churn::app

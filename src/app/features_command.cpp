#include "app/features_command.h"

#include <fmt/format.h>

#include <chrono>
#include <string>

#include "app/progress_line.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_tables.h"
#include "events/display_path.h"
#include "features/memory_limit.h"
#include "features/user_partition.h"

namespace churn::app {
namespace {

// "memory: peak 261 MB resident; user histories 157 MB at most (1627 bytes per
// user), limit 256 MB; spilled 244 of 256 partitions (7.88 GB to disk)"
void PrintMemory(const dataset::FeatureTablesOutcome& outcome) {
  const features::SpillReport& spill = outcome.memory.spill;
  double per_user = outcome.users > 0 ? static_cast<double>(outcome.history_bytes) /
                                            static_cast<double>(outcome.users)
                                      : 0.0;
  fmt::print("memory: peak {} resident; user histories {} at most ({:.0f} bytes per user)",
             features::FormatBytes(outcome.memory.peak_resident),
             features::FormatBytes(spill.peak_state), per_user);
  if (spill.memory_limit > 0) {
    fmt::print(", limit {}", features::FormatBytes(spill.memory_limit));
  }
  if (spill.spilled_partitions > 0) {
    fmt::print("; spilled {} of {} partitions ({} to disk)", spill.spilled_partitions,
               features::kUserPartitions, features::FormatBytes(spill.spilled_bytes));
  } else {
    fmt::print("; nothing spilled");
  }
  fmt::print("\n");
}

}  // namespace

ExitCode RunFeatures(const config_file::AppConfig& config, bool quiet) {
  dataset::FeatureTablesOutcome outcome;
  {
    ProgressLine progress("features", quiet);
    outcome =
        dataset::BuildFeatureTables(config.features, config.logs, config.output, progress.Reading(),
                                    {.value = config.value, .steps = progress.Steps()});
  }
  fmt::print(
      "Features for {} users from {} events in {:.2f} s ({:.2f} million events/s)\n", outcome.users,
      outcome.events, outcome.seconds,
      outcome.seconds > 0 ? static_cast<double>(outcome.events) / outcome.seconds / 1e6 : 0.0);
  for (const std::string& file : outcome.files) {
    fmt::print("  {}\n", file);
  }
  PrintMemory(outcome);
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

#include "app/features_command.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "app/progress_line.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_tables.h"
#include "events/counted_noun.h"
#include "events/display_path.h"
#include "features/memory_limit.h"
#include "features/user_partition.h"

namespace churn::app {
namespace {

// "memory: at most 261 MB in use; the users' event histories took up to
// 157 MB (about 1.63 kB per user) of the 256 MB allowed
// (features.memory_limit), so 244 of the 256 groups of users were moved to
// disk (7.88 GB)": what an analyst needs to choose a memory limit.
void PrintMemory(const dataset::FeatureTablesOutcome& outcome) {
  const features::SpillReport& spill = outcome.memory.spill;
  std::int64_t per_user = outcome.users > 0 ? outcome.history_bytes / outcome.users : 0;
  fmt::print(
      "memory: at most {} in use; the users' event histories took up to {} (about {} per "
      "user)",
      features::FormatBytes(outcome.memory.peak_resident), features::FormatBytes(spill.peak_state),
      features::FormatBytes(per_user));
  if (spill.memory_limit > 0) {
    fmt::print(" of the {} allowed (features.memory_limit)",
               features::FormatBytes(spill.memory_limit));
  }
  if (spill.spilled_partitions > 0) {
    fmt::print(", so {} of the {} groups of users were moved to disk ({})",
               spill.spilled_partitions, features::kUserPartitions,
               features::FormatBytes(spill.spilled_bytes));
  } else {
    fmt::print("; nothing had to be moved to disk");
  }
  fmt::print("\n");
}

// "out_of_time" and "stratified_users" in the reports.
std::string SplitWords(const std::string& split) {
  if (split == "out_of_time") {
    return "out of time (the latest snapshot tests)";
  }
  if (split == "stratified_users") {
    return "one snapshot, a share of its users held out to test (stratified by churn)";
  }
  return split;
}

}  // namespace

ExitCode RunFeatures(const config_file::AppConfig& config, bool quiet,
                     const collective::WorkerGroup& group) {
  dataset::FeatureTablesOutcome outcome;
  {
    ProgressLine progress("features", quiet);
    outcome = dataset::BuildFeatureTables(
        config.features, config.logs, config.output, progress.Reading(),
        {.value = config.value, .steps = progress.Steps(), .group = group});
  }
  if (!group.coordinator()) {
    return ExitCode::kOk;
  }
  fmt::print(
      "Features for {} from {} in {:.2f} s ({:.2f} million events/s)\n",
      events::CountedNoun(outcome.users, "user"), events::CountedNoun(outcome.events, "event"),
      outcome.seconds,
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
  fmt::print("split: {}; {} training rows, {} test rows\n", SplitWords(outcome.split),
             outcome.train_rows, outcome.test_rows);
  fmt::print("wrote {} and {}\n",
             events::DisplayPath(config.output.data_dir / dataset::kProcessedTrainFile),
             events::DisplayPath(config.output.data_dir / dataset::kProcessedTestFile));
  return ExitCode::kOk;
}

}  // namespace churn::app

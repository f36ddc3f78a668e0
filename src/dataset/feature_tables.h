#pragma once
// The feature tables pipeline, `churn-radar features`: the logs streamed into
// per-user histories within features.memory_limit (spilling partitions of
// users into a SpillFolder beyond it), one row per user and snapshot made
// partition by partition into a RowStore, split out of time (or by users,
// with one snapshot), and written as processed_train.csv,
// processed_test.csv (data dir), feature_columns.json (models dir) and
// features_report.json (data dir, with the config behind the run). Prints
// nothing on stdout; progress goes to the callback, notes to spdlog.
//
//   FeatureTablesOutcome outcome =
//       BuildFeatureTables(config.features, "data/raw", OutputLayout::Under("."));
//   outcome.train_rows, outcome.snapshots[0].cutoff ...

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/output_layout.h"
#include "dataset/time_split.h"
#include "features/feature_config.h"
#include "features/log_set.h"
#include "features/log_streamer.h"
#include "features/row_store.h"
#include "features/user_features.h"
#include "progress/progress_reporter.h"
#include "value/value_config.h"

namespace churn::dataset {

struct SnapshotSummary {
  std::string cutoff;  // "2019-12-01"
  std::int64_t users = 0;
  std::int64_t churned = 0;
  bool test = false;
};

// What the run held in memory and on disk.
struct EngineMemory {
  features::SpillReport spill;
  std::int64_t row_bytes = 0;      // rows stored on disk until the tables were written
  std::int64_t peak_resident = 0;  // of the process, at the end
};

// What the pipeline makes beyond the tables.
struct FeatureTablesOptions {
  // Also the rows of today's customers, as of the midnight after the last
  // event (features::ScoringPlan), from the same stream: what `run` scores
  // after training, without reading the logs again.
  bool keep_as_of_rows = false;
  // How the customer-value model of each snapshot's cutoff is fitted
  // (feature_columns.json's value_models).
  value::ValueConfig value;
  // Told how the making of rows goes after the logs are read (the reading
  // itself goes to BuildFeatureTables' `progress`), then the writing.
  progress::Reporter steps{};
  // The workers of a distributed run, this process one of them: it keeps
  // the users of its shard (features::UserShard), writes their rows under
  // data/shards/ (worker_shards.h), and fits the feature context, the split
  // and the value models with the others; the coordinator writes the tables
  // and reports. Alone: every user, the tables themselves.
  collective::WorkerGroup group = collective::WorkerGroup::Solo();
};

struct FeatureTablesOutcome {
  std::vector<SnapshotSummary> snapshots;
  std::string split;  // "out_of_time" or "stratified_users"
  std::int64_t users = 0;
  std::int64_t events = 0;
  std::int64_t train_rows = 0;
  std::int64_t test_rows = 0;
  std::int64_t test_churned = 0;
  std::vector<std::string> files;  // one line per file: rows read, events, skipped by reason
  std::int64_t history_bytes = 0;  // memory held by the user histories, summed
  EngineMemory memory;
  int threads = 0;
  double seconds = 0;
  double stream_seconds = 0;
  // With keep_as_of_rows: today's customers, their features at the tables'
  // context (feature_columns.json's high_value_spend).
  std::optional<features::CutoffRows> as_of_rows;
};

// `logs`: a folder, glob or file of logs. Throws InputError for missing or
// unusable logs, IoError when an output cannot be written.
FeatureTablesOutcome BuildFeatureTables(const features::FeatureConfig& config,
                                        const std::string& logs, const OutputLayout& output,
                                        const features::LogSetProgress& progress = {},
                                        const FeatureTablesOptions& options = {});

// The split of the snapshots: the latest tests out of time; a single
// snapshot holds out config.test_share of its labelled users, stratified by
// label, chosen by config.split_seed.
TimeSplit ChooseSplit(const features::FeatureConfig& config, const features::RowStore& rows,
                      std::size_t snapshot_count,
                      const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::dataset

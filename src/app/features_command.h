#pragma once
// `churn-radar features`: streams the monthly logs into per-user features
// and churn labels, writes processed_train.csv, processed_test.csv,
// feature_columns.json and the run report.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/exit_code.h"
#include "dataset/feature_matrix.h"

namespace churn::app {

struct SnapshotSummary {
  std::string cutoff;  // "2019-12-01"
  std::int64_t users = 0;
  std::int64_t churned = 0;
  bool test = false;
};

struct FeaturesOutcome {
  std::vector<SnapshotSummary> snapshots;
  std::string split;  // "out_of_time" or "stratified_users"
  std::int64_t users = 0;
  std::int64_t events = 0;
  std::int64_t train_rows = 0;
  std::int64_t test_rows = 0;
  std::int64_t test_churned = 0;
  std::vector<std::string> files;  // one line per file: rows read, events, skipped by reason
  std::int64_t history_bytes = 0;  // memory held by the user histories
  int threads = 0;
  double seconds = 0;
  double stream_seconds = 0;
};

// One user's feature row at a cutoff, computed from the configured logs by
// the same code as the features stage: what `predict --from-logs` scores.
struct UserFeatures {
  std::string cutoff;  // YYYY-MM-DD
  std::vector<double> values;
};

// `cutoff`: YYYY-MM-DD, or the latest snapshot the logs support. Throws
// InputError when the user has no row there (no event before the cutoff, or
// none in the cohort window the model was trained on).
UserFeatures ComputeUserFeatures(const AppConfig& config, const std::string& user_id,
                                 const std::optional<std::string>& cutoff, double high_value_spend);

// Every user's feature row at a cutoff (as above), for scoring raw logs.
// The churn column holds what the logs say after the cutoff, if anything.
dataset::LabelledRows ComputeFeatureRows(const AppConfig& config,
                                         const std::optional<std::string>& cutoff,
                                         double high_value_spend);

// Builds the features and writes every output; prints nothing on stdout.
FeaturesOutcome BuildFeatures(const AppConfig& config, bool quiet);

// The subcommand: BuildFeatures, then a human summary on stdout.
ExitCode RunFeatures(const AppConfig& config, bool quiet);

}  // namespace churn::app

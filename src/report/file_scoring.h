#pragma once
// Scoring a file, `churn-radar predict --input FILE --output FILE`: a
// features table (processed_*.csv layout, with any other columns of its own
// passed through), or raw logs (a folder, or a file whose header has the
// layout's time column) turned into features first, at a cutoff or the
// latest snapshot they support, by the feature stage's own code. Writes the
// scored file (scored_file.h: user_id,snapshot,probability,flagged,risk_band,
// the top reasons, the other columns) and keeps the users' SHAP values
// (scored_shap_values.bin) for `predict --user-id`. Refuses an output that
// is an input or that it would replace without --force, before any work.
// Prints nothing on stdout.
//
//   FileScoringOutcome outcome = ScoreFile(output, {.input = "new.csv", .output = "scores.csv"});

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dataset/feature_columns.h"
#include "dataset/feature_matrix.h"
#include "dataset/output_layout.h"
#include "features/feature_config.h"
#include "features/log_set.h"
#include "features/user_features.h"
#include "progress/progress_reporter.h"

namespace churn::report {

struct FileScoringRequest {
  std::filesystem::path input;
  std::filesystem::path output;
  std::optional<std::string> cutoff;  // raw logs only; default: the latest snapshot
  std::size_t reasons = 3;            // top reasons per user; 0: none, and no SHAP store
  int threads = 0;                    // 0: every core
  bool force = false;                 // replace an existing output predict did not write
  features::FeatureConfig features;   // how raw logs are read
};

struct FileScoringOutcome {
  std::size_t users = 0;
  std::size_t flagged = 0;  // at or above the threshold
  double threshold = 0;
  double seconds = 0;
};

// Every user's row at one cutoff of raw logs (default: the as-of cutoff),
// as the model reads them: what `score` and the scoring of raw logs share.
struct RowsAtCutoff {
  std::string cutoff;  // YYYY-MM-DD
  features::EventSpan span;
  dataset::LabelledRows rows;  // their `churned` is what the logs hold after the cutoff
  std::vector<features::PurchaseHistory> purchases;  // per row
  features::CustomerBase customers;  // every customer before the cutoff, for the value model
};

// Rows computed by the feature stage, as the model reads them. Throws
// ModelError when they have other columns than `columns`.
RowsAtCutoff ModelRowsOf(features::CutoffRows computed, const dataset::FeatureColumns& columns);

// Throws ModelError when the logs give other columns than `columns`. With a
// `shard`, one worker's share of the users (features::ComputeCutoffRows).
RowsAtCutoff ComputeRowsFromLogs(const features::FeatureConfig& config, const std::string& logs,
                                 const std::optional<std::string>& cutoff,
                                 const dataset::FeatureColumns& columns,
                                 const std::filesystem::path& spill_parent,
                                 const features::LogSetProgress& progress = {},
                                 const features::UserShard& shard = {});

// `progress`: reading raw logs; `steps`: the SHAP values. Throws UsageError
// for a cutoff with a features table or an output it may not write
// (scored_file.h), InputError for another column that clashes with the
// scores' own, ModelError when raw logs give other columns than the model's.
FileScoringOutcome ScoreFile(const dataset::OutputLayout& output, const FileScoringRequest& request,
                             const features::LogSetProgress& progress = {},
                             const progress::Reporter& steps = {});

// True for a folder of logs, or a file (plain or compressed) whose header
// has `columns`' time column, which no features table has.
bool IsRawLogs(const features::ColumnMapping& columns, const std::filesystem::path& input);

}  // namespace churn::report

#pragma once
// One user's score, `churn-radar predict --user-id`: their row from the
// latest scoring of today's customers (scores/<as-of>/shap_values.bin), else
// the explained test snapshot (the backtest), else the last scored file; or
// computed from the logs at a cutoff (by default the as-of cutoff) by the
// feature stage's own code, then scored and explained by the model bundle.
// Prints nothing.
//
//   UserPrediction prediction = PredictUser(output, "512475445", std::nullopt, 3);
//   prediction.score.probability, prediction.score.row.cutoff  // the as-of date

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dataset/output_layout.h"
#include "features/feature_config.h"
#include "features/log_set.h"
#include "report/user_score.h"

namespace churn::scoring {

// Where to compute the user's row instead of the stores: the logs, read
// with `features` at `cutoff` (YYYY-MM-DD), or at the as-of cutoff.
struct LogsToScore {
  features::FeatureConfig features;
  std::string logs;  // a folder, glob or file of logs
  std::optional<std::string> cutoff;
  features::LogSetProgress progress;  // the reading of the logs
};

struct UserPrediction {
  report::UserScore score;
  std::vector<std::string> features;  // the bundle's columns, in order
};

// Throws InputError for a user no store holds (without `from_logs`) or who
// has no row in the logs.
UserPrediction PredictUser(const dataset::OutputLayout& output, const std::string& user_id,
                           const std::optional<LogsToScore>& from_logs, std::size_t reasons);

}  // namespace churn::scoring

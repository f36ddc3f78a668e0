#pragma once
// The scoring of today's customers, `churn-radar score` (and the end of
// `run`): the logs read at the as-of cutoff (the midnight after their last
// event, or a given date) by the feature stage's own code, the cohort the
// model was trained for scored by the trained model, calibrated, with exact
// SHAP values and reasons; then what changed since the previous scoring and
// how far the users drifted from the training rows. Writes
// scores/<as-of>/ whole (scoring_files.h) and keeps earlier scorings. No
// retraining, no labels. Prints nothing on stdout.
//
//   ScoringOutcome outcome = ScoreCurrentCustomers(output, {.features = config.features,
//                                                           .logs = "data/raw"});
//   outcome.as_of, outcome.folder / kAtRiskFile

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/output_layout.h"
#include "features/feature_config.h"
#include "features/log_set.h"
#include "features/user_features.h"
#include "progress/progress_reporter.h"
#include "value/value_config.h"

namespace churn::scoring {

struct ScoringRequest {
  features::FeatureConfig features;  // how the logs are read; its churn section's cohort
  std::string logs;                  // a folder, glob or file of logs
  std::optional<std::string> as_of;  // YYYY-MM-DD; default: the midnight after the last event
  value::ValueConfig value;          // the customer-value model and the list's order
  // With several workers, each reads, scores and explains its share of the
  // users, and the coordinator writes every worker's scoring, as one process
  // would (docs/scale-out.md).
  collective::WorkerGroup group = collective::WorkerGroup::Solo();
};

struct BandCount {
  std::string band;
  double min_probability = 0;
  std::size_t users = 0;
};

struct DriftedFeature {
  std::string feature;
  double psi = 0;
  double beyond_training_range = 0;  // share of scored users above the training rows' largest value
};

struct ScoringOutcome {
  std::string as_of;
  std::optional<std::string> previous_as_of;
  std::filesystem::path folder;  // scores/<as_of>
  std::string model_type;
  double threshold = 0;
  std::size_t users = 0;
  std::size_t flagged = 0;
  std::vector<BandCount> bands;  // highest first
  std::size_t newly_high = 0;    // since the previous scoring
  std::size_t risen = 0;
  std::size_t left = 0;
  bool retrain_due = false;
  double score_psi = 0;
  std::vector<DriftedFeature> drifted;  // above kDriftPsi, highest first
  bool valued = false;                  // a value model was fitted
  std::string value_why_not;            // when not
  double value_at_risk = 0;             // summed over the scored users
  int value_horizon_days = 0;
  std::size_t customers_valued = 0;  // scored users with a purchase
  double stream_seconds = 0;         // logs to rows
  double shap_seconds = 0;
  double seconds = 0;
};

// Also fits the customer-value model at the as-of date and writes it to the
// models folder (value/value_model.h) beside the scoring's own copy.
// Throws InputError when the model or its drift reference is missing, the
// as-of date lies past the logs, the cohort is empty, or the list is to be
// ranked by value at risk and no value model can be fitted; ModelError when
// the logs give other columns than the model's. `progress` is told how the
// reading of the logs goes, `steps` the SHAP values and the customer values.
// On a worker that does not coordinate, the outcome holds only the as-of date.
ScoringOutcome ScoreCurrentCustomers(const dataset::OutputLayout& output,
                                     const ScoringRequest& request,
                                     const features::LogSetProgress& progress = {},
                                     const progress::Reporter& steps = {});

// The same for rows already read at the as-of cutoff (`run` keeps them from
// the stream of the feature tables: dataset::FeatureTablesOptions); the
// request's logs and as-of date are then only recorded. With several
// workers, each passes its own users' rows.
ScoringOutcome ScoreCurrentCustomers(const dataset::OutputLayout& output,
                                     const ScoringRequest& request, features::CutoffRows as_of_rows,
                                     const progress::Reporter& steps = {});

}  // namespace churn::scoring

#pragma once
// summary.json of a scoring: when and from what it was made, how many users
// in each band, what changed since the previous scoring and the drift in
// short (scoring_files.h shows the whole layout).
//
//   WriteJsonFile(folder / kScoringSummaryFile, ScoringSummaryJson(outcome, facts, changes,
//   drift));

#include <nlohmann/json.hpp>
#include <string>

#include "scoring/scoring_run.h"

namespace churn::scoring {

// What the summary records beyond the outcome's figures.
struct ScoringFacts {
  std::string logs;         // as configured
  std::string first_event;  // YYYY-MM-DD
  std::string last_event;
  int cohort_active_days = 0;
  std::string model_digest;
};

// `changes`: ChangesJson, or null for a first scoring; `drift`:
// DriftSummaryJson; `value`: ValueSummaryJson.
nlohmann::json ScoringSummaryJson(const ScoringOutcome& outcome, const ScoringFacts& facts,
                                  nlohmann::json changes, nlohmann::json drift,
                                  nlohmann::json value);

// The facts the comparison with a later scoring needs, read back from a
// summary.json; nullopt (and a warning) when it cannot be read.
struct SummaryModel {
  std::string digest;
  double threshold = 0;
};
std::optional<SummaryModel> ReadSummaryModel(const std::filesystem::path& summary);

}  // namespace churn::scoring

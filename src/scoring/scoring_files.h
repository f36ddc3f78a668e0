#pragma once
// The scorings of today's customers, `churn-radar score`: one folder per
// as-of date under the output's scores folder, written whole or not at all
// (built under a temporary name, renamed into place), and kept, so that each
// user's risk has a history. The names are declared here, once, for the
// scoring run that writes them and for every reader (predict, the server,
// the tests).
//
//   scores/2020-02-01/at_risk.csv      every user of the scoring, riskiest (or
//                                      most valuable at risk) first:
//                                      user_id,as_of,probability,band,flagged,
//                                      p_alive,expected_purchases,expected_value,
//                                      value_at_risk,reason_1,reason_2,reason_3
//   scores/2020-02-01/shap_values.bin  the users' values, probabilities and SHAP
//                                      values (explain/shap_store.h), by user id
//   scores/2020-02-01/drift.json       PSI of every feature and of the score,
//                                      training rows against scored rows
//   scores/2020-02-01/summary.json     counts by band, movers since the previous
//                                      scoring, drift in short, the model and logs,
//                                      value at risk in total and by band
//   scores/2020-02-01/customer_values.csv  with a value model only: each user's
//                                      P(alive), expected purchases and value and
//                                      value at risk, in shap_values.bin's order (by id)
//   scores/2020-02-01/value_model.json the BG/NBD and Gamma-Gamma fit at the as-of
//                                      date (value/value_model.h), also copied to
//                                      the models folder as the latest
//
//   std::vector<std::string> dates = ListScorings(output.scores_dir);  // ascending
//   std::filesystem::path latest = ScoringFolder(output.scores_dir, dates.back());

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace churn::scoring {

inline constexpr const char* kAtRiskFile = "at_risk.csv";
inline constexpr const char* kScoringShapFile = "shap_values.bin";
inline constexpr const char* kDriftFile = "drift.json";
inline constexpr const char* kScoringSummaryFile = "summary.json";
inline constexpr const char* kCustomerValuesFile = "customer_values.csv";

// The command that writes a scoring, for messages about one.
inline constexpr const char* kScoreCommand = "churn-radar score";

// How many users each list of movers in summary.json names (the counts are
// of all of them).
inline constexpr std::size_t kMoversListed = 50;

// A PSI above this is drift: a warning in the run output and the dashboard.
inline constexpr double kDriftPsi = 0.2;

// scores_dir/<as_of>.
std::filesystem::path ScoringFolder(const std::filesystem::path& scores_dir,
                                    std::string_view as_of);

// The as-of dates (YYYY-MM-DD) of the complete scorings in `scores_dir`
// (folders named by a date that hold summary.json), ascending; empty when
// the folder does not exist.
std::vector<std::string> ListScorings(const std::filesystem::path& scores_dir);

// The latest complete scoring's as-of date, if any.
std::optional<std::string> LatestScoring(const std::filesystem::path& scores_dir);

}  // namespace churn::scoring

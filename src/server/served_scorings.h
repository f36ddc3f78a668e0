#pragma once
// The scorings of today's customers that `serve` answers from, loaded once
// at start from the scores folder (scoring/scoring_files.h): every scoring's
// SHAP store, for each user's history, with its summary.json and drift.json
// as the text the API sends. The latest is the current scoring, its users
// ordered by risk (and by value at risk, with its customer values) for
// /api/at-risk. No scoring at all is fine: the server then answers from the
// backtest alone.
//
//   ServedScorings scorings = ServedScorings::Load(output.scores_dir, columns.names);
//   if (const ServedScoring* current = scorings.current()) { ... current->store ... }

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explain/shap_store.h"
#include "server/customer_value_table.h"
#include "server/risk_list.h"

namespace churn::server {

// The as-of date that names the current scoring in /api/scorings/{as_of}.
inline constexpr std::string_view kLatestScoring = "latest";

struct ServedScoring {
  std::string as_of;                          // YYYY-MM-DD, the folder's name
  std::optional<std::string> previous_as_of;  // none for the first scoring
  std::size_t users = 0;
  std::size_t flagged = 0;
  double threshold = 0;      // the threshold of the model that scored it
  std::string summary_json;  // summary.json, as sent
  std::string drift_json;    // drift.json, as sent
  explain::ShapStore store;  // opened with the scoring model's own digest
  // summary.json's value.rank_by: at_risk.csv's order (probability for a
  // scoring from before customer values).
  RiskOrder rank_by = RiskOrder::kProbability;
  // customer_values.csv, the current scoring's only: none without a value
  // model (and for older scorings, which the API reads no values of).
  std::optional<CustomerValueTable> values;
};

class ServedScorings {
 public:
  ServedScorings() = default;

  // Every complete scoring of `scores_dir` (none when the folder does not
  // exist), each store opened with the digest of its summary.json and
  // `features` (the served model's). An older scoring that cannot be read so
  // (made for other features, or damaged) is left out with a warning; the
  // latest must load, with its customer values when its summary says it has
  // them, or this throws InputError naming the file.
  static ServedScorings Load(const std::filesystem::path& scores_dir,
                             const std::vector<std::string>& features);

  // Ascending by as-of date.
  const std::vector<ServedScoring>& all() const { return scorings_; }
  // The latest scoring; nullptr when there is none.
  const ServedScoring* current() const;
  // The scoring of `as_of`, or the current one for kLatestScoring; nullptr
  // when there is no such scoring.
  const ServedScoring* Find(std::string_view as_of) const;
  // The current scoring's store indices, most at risk first (ties in user
  // id order); empty without a scoring.
  const std::vector<std::size_t>& by_risk() const { return by_risk_; }
  // The same by value at risk (CustomerValueTable::OrderByValueAtRisk);
  // empty when the current scoring has no customer values.
  const std::vector<std::size_t>& by_value_at_risk() const { return by_value_at_risk_; }
  // GET /api/scorings: {"current", "scorings": [{as_of, users, flagged,
  // previous_as_of}]}, newest first.
  const std::string& list_json() const { return list_json_; }

 private:
  std::vector<ServedScoring> scorings_;
  std::vector<std::size_t> by_risk_;
  std::vector<std::size_t> by_value_at_risk_;
  std::string list_json_;
};

}  // namespace churn::server

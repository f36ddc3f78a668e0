#pragma once
// Test support for the server's scorings: a scoring folder written by hand
// (its SHAP store with explain::WriteShapStore, summary.json and drift.json),
// with users whose values and SHAP values give known reasons, and, asked
// to, its customer values (customer_values.csv and summary.json's "value").
//
//   WriteScoring(scores, "2020-02-01", "2020-01-01", "digest", 0.5, features,
//                {{"u1", 0.7F, 23, 1.0F, 3, -0.5F}}, 0.31);
//   WriteCustomerValues(scores, "2020-02-01", 0.5, users, {{0.8, 1.5, 120.0}}, "value_at_risk");

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace churn::server {

// One user of a fixture scoring: a probability, and two features with a
// value and a SHAP value (every other feature is 0 with no SHAP; the base
// value is -1). The features must include days_since_last_visit and
// purchases.
struct FixtureUser {
  std::string id;
  double probability = 0;
  float days_since_last_visit = 0;
  float visit_shap = 0;
  float purchases = 0;
  float purchases_shap = 0;
};

// A fixture user's customer values (the value at risk is the user's
// probability times the expected value). No P(alive): never bought.
struct FixtureValue {
  std::optional<double> p_alive;
  double expected_purchases = 0;
  double expected_value = 0;
};

// summary.json with the fields the server reads (and a few more).
nlohmann::json FixtureSummary(const std::string& as_of, const nlohmann::json& previous,
                              const std::string& digest, double threshold,
                              const std::vector<FixtureUser>& users);

// drift.json with one feature of the given PSI.
nlohmann::json FixtureDrift(const std::string& as_of, double psi);

// A complete scoring folder scores/<as_of>: store, summary.json, drift.json.
void WriteScoring(const std::filesystem::path& scores, const std::string& as_of,
                  const nlohmann::json& previous, const std::string& digest, double threshold,
                  const std::vector<std::string>& features, const std::vector<FixtureUser>& users,
                  double psi);

// Adds customer values to that scoring, `values` one per user of `users`:
// customer_values.csv (in the store's order, by user id) and summary.json's
// "value" (available, rank_by, the totals and by_band at `threshold`, a
// warning).
void WriteCustomerValues(const std::filesystem::path& scores, const std::string& as_of,
                         double threshold, const std::vector<FixtureUser>& users,
                         const std::vector<FixtureValue>& values, const std::string& rank_by);

}  // namespace churn::server

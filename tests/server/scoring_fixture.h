#pragma once
// Test support for the server's scorings: a scoring folder written by hand
// (its SHAP store with explain::WriteShapStore, summary.json and drift.json),
// with users whose values and SHAP values give known reasons.
//
//   WriteScoring(scores, "2020-02-01", "2020-01-01", "digest", 0.5, features,
//                {{"u1", 0.7F, 23, 1.0F, 3, -0.5F}}, 0.31);

#include <filesystem>
#include <nlohmann/json.hpp>
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

}  // namespace churn::server

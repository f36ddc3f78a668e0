#include "server/scoring_fixture.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "explain/shap_store.h"
#include "scoring/scoring_files.h"
#include "testing/temp_dir.h"

namespace churn::server {

using nlohmann::json;

namespace {

std::size_t ColumnOf(const std::vector<std::string>& features, const std::string& name) {
  auto found = std::find(features.begin(), features.end(), name);
  EXPECT_NE(found, features.end()) << name;
  return static_cast<std::size_t>(found - features.begin());
}

void WriteStore(const std::filesystem::path& path, const std::string& as_of,
                const std::string& digest, const std::vector<std::string>& features,
                const std::vector<FixtureUser>& users) {
  std::size_t visit = ColumnOf(features, "days_since_last_visit");
  std::size_t purchases = ColumnOf(features, "purchases");
  std::size_t width = features.size();
  dataset::LabelledRows rows;
  rows.features.names = features;
  rows.features.values.assign(users.size() * width, 0.0F);
  std::vector<float> shap(users.size() * (width + 1), 0.0F);
  std::vector<double> probabilities;
  for (std::size_t row = 0; row < users.size(); ++row) {
    const FixtureUser& user = users[row];
    rows.user_ids.push_back(user.id);
    rows.cutoffs.push_back(as_of);
    rows.churned.push_back(0);
    probabilities.push_back(user.probability);
    rows.features.values[row * width + visit] = user.days_since_last_visit;
    rows.features.values[row * width + purchases] = user.purchases;
    shap[row * (width + 1) + visit] = user.visit_shap;
    shap[row * (width + 1) + purchases] = user.purchases_shap;
    shap[row * (width + 1) + width] = -1.0F;  // the base value
  }
  explain::WriteShapStore(path, digest, rows, probabilities, shap);
}

}  // namespace

json FixtureSummary(const std::string& as_of, const json& previous, const std::string& digest,
                    double threshold, const std::vector<FixtureUser>& users) {
  auto flagged = std::count_if(users.begin(), users.end(), [&](const FixtureUser& user) {
    return user.probability >= threshold;
  });
  return {{"as_of", as_of},
          {"previous_as_of", previous},
          {"scored_at", "2026-12-03T16:02:11Z"},
          {"model", {{"type", "xgboost"}, {"digest", digest}, {"threshold", threshold}}},
          {"users", users.size()},
          {"flagged", flagged},
          {"changes", nullptr},
          {"drift", {{"threshold", 0.2}, {"retrain_due", false}, {"max_psi", 0.1}}},
          {"seconds", 0.5}};
}

json FixtureDrift(const std::string& as_of, double psi) {
  return {{"as_of", as_of},
          {"threshold", 0.2},
          {"retrain_due", psi > 0.2},
          {"scored_rows", 3},
          {"score", {{"psi", 0.01}, {"bins", json::array()}}},
          {"features",
           {{{"feature", "days_since_last_visit"},
             {"psi", psi},
             {"drifted", psi > 0.2},
             {"bins", json::array()}}}}};
}

// A complete scoring folder: store, summary.json and drift.json.
void WriteScoring(const std::filesystem::path& scores, const std::string& as_of,
                  const json& previous, const std::string& digest, double threshold,
                  const std::vector<std::string>& features, const std::vector<FixtureUser>& users,
                  double psi) {
  std::filesystem::path folder = scoring::ScoringFolder(scores, as_of);
  std::filesystem::create_directories(folder);
  WriteStore(folder / scoring::kScoringShapFile, as_of, digest, features, users);
  testing::WriteTextFile(folder / scoring::kScoringSummaryFile,
                         FixtureSummary(as_of, previous, digest, threshold, users).dump(2));
  testing::WriteTextFile(folder / scoring::kDriftFile, FixtureDrift(as_of, psi).dump(2));
}

}  // namespace churn::server

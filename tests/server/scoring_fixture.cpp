#include "server/scoring_fixture.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "events/csv_field.h"
#include "explain/shap_store.h"
#include "model/risk_band.h"
#include "scoring/scoring_files.h"
#include "server/customer_value_table.h"
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

// One user of a fixture scoring with its customer values.
struct ValuedUser {
  FixtureUser user;
  FixtureValue value;
  double value_at_risk() const { return user.probability * value.expected_value; }
};

// summary.json's "value" for the users.
json ValueSummary(double threshold, const std::vector<ValuedUser>& users,
                  const std::string& rank_by) {
  json value = {{"available", true},        {"why_not", nullptr},
                {"horizon_days", 90},       {"monthly_discount_rate", 0.01},
                {"rank_by", rank_by},       {"customers", 0},
                {"expected_value", 0.0},    {"value_at_risk", 0.0},
                {"by_band", json::array()}, {"warnings", {"few repeat buyers: values are rough"}},
                {"converged", true}};
  for (const char* band : {"high", "medium", "low"}) {
    int band_users = 0;
    double expected_value = 0;
    double value_at_risk = 0;
    for (const ValuedUser& valued : users) {
      if (model::RiskBandOf(valued.user.probability, threshold) == band) {
        ++band_users;
        expected_value += valued.value.expected_value;
        value_at_risk += valued.value_at_risk();
      }
    }
    value["expected_value"] = value["expected_value"].get<double>() + expected_value;
    value["value_at_risk"] = value["value_at_risk"].get<double>() + value_at_risk;
    value["by_band"].push_back({{"band", band},
                                {"users", band_users},
                                {"expected_value", expected_value},
                                {"value_at_risk", value_at_risk}});
  }
  value["customers"] = std::count_if(users.begin(), users.end(), [](const ValuedUser& valued) {
    return valued.value.p_alive.has_value();
  });
  return value;
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

void WriteCustomerValues(const std::filesystem::path& scores, const std::string& as_of,
                         double threshold, const std::vector<FixtureUser>& users,
                         const std::vector<FixtureValue>& values, const std::string& rank_by) {
  EXPECT_EQ(users.size(), values.size()) << "one value per user";
  std::filesystem::path folder = scoring::ScoringFolder(scores, as_of);
  std::vector<ValuedUser> by_id;
  for (std::size_t user_idx = 0; user_idx < std::min(users.size(), values.size()); ++user_idx) {
    by_id.push_back({.user = users[user_idx], .value = values[user_idx]});
  }
  std::sort(by_id.begin(), by_id.end(), [](const ValuedUser& left, const ValuedUser& right) {
    return left.user.id < right.user.id;
  });
  std::string text = "user_id,p_alive,expected_purchases,expected_value,value_at_risk\n";
  for (const ValuedUser& valued : by_id) {
    const FixtureValue& value = valued.value;
    events::AppendCsvField(valued.user.id, &text);
    text += fmt::format(",{},{},{},{}\n", value.p_alive ? fmt::format("{}", *value.p_alive) : "",
                        value.expected_purchases, value.expected_value, valued.value_at_risk());
  }
  testing::WriteTextFile(folder / scoring::kCustomerValuesFile, text);
  std::filesystem::path summary_path = folder / scoring::kScoringSummaryFile;
  json summary = json::parse(testing::ReadTextFile(summary_path));
  summary["value"] = ValueSummary(threshold, by_id, rank_by);
  testing::WriteTextFile(summary_path, summary.dump(2));
}

}  // namespace churn::server

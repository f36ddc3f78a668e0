// Customer value end to end, on the `scored` fixture's two scorings: each
// fits its own value model at its as-of date, at_risk.csv carries every
// user's value and value at risk, and `score --rank-by value_at_risk`
// orders the list by it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "churn_radar.h"
#include "scored_demo.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::HasSubstr;

// The fixture's scorings: the first by `run`, the second by `score`.
class ScoreValueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> dates;
    for (const auto& entry : std::filesystem::directory_iterator(Scores())) {
      dates.push_back(entry.path().filename().string());
    }
    std::sort(dates.begin(), dates.end());
    ASSERT_EQ(dates.size(), 2U);
    first_ = dates[0];
    second_ = dates[1];
  }

  std::string first_;
  std::string second_;
};

TEST_F(ScoreValueTest, EachScoringValuesItsCustomersWithTheModelFittedAtItsDate) {
  for (const std::string& as_of : {first_, second_}) {
    nlohmann::json model = Json(Scores() / as_of / "value_model.json");
    EXPECT_EQ(model["time_unit"], "day");
    EXPECT_EQ(model["cutoff"], as_of);
    if (!model["converged"].get<bool>()) {
      EXPECT_THAT(model["warnings"].dump(), HasSubstr("did not converge")) << "says so";
    }
    EXPECT_GT(model["customers"].get<int>(), model["repeat_customers"].get<int>());
    for (const char* parameter : {"r", "alpha", "a", "b"}) {
      EXPECT_GT(model["bgnbd"][parameter].get<double>(), 0) << parameter;
    }
    EXPECT_GT(model["gamma_gamma"]["q"].get<double>(), 1) << "spend per purchase has a mean";
    AtRiskList list = ReadAtRisk(Scores() / as_of);
    nlohmann::json value = Json(Scores() / as_of / "summary.json")["value"];
    ASSERT_EQ(value["available"], true) << value.dump();
    double value_at_risk = 0;
    std::size_t customers = 0;
    for (const AtRiskRow& row : list.rows) {
      EXPECT_NEAR(row.value_at_risk, row.probability * row.expected_value,
                  1e-9 * (1 + row.expected_value))
          << row.user_id;
      if (row.p_alive.empty()) {
        EXPECT_EQ(row.expected_value, 0) << row.user_id << " never bought";
      } else {
        ++customers;
        double p_alive = std::stod(row.p_alive);
        EXPECT_GT(p_alive, 0) << row.user_id;
        EXPECT_LE(p_alive, 1) << row.user_id;
      }
      value_at_risk += row.value_at_risk;
    }
    EXPECT_GT(customers, 0U);
    EXPECT_EQ(value["customers"].get<std::size_t>(), customers);
    EXPECT_NEAR(value["value_at_risk"].get<double>(), value_at_risk, 1e-6 * value_at_risk);
    EXPECT_EQ(value["rank_by"], "probability");
  }
  EXPECT_EQ(Json(Demo() / "out/models/value_model.json"),
            Json(Scores() / second_ / "value_model.json"))
      << "the models folder keeps the latest scoring's";
}

TEST_F(ScoreValueTest, RankByValueAtRiskPutsTheMostValuableDepartureFirst) {
  TempDir folder;
  CopyDemoRun("scored", folder.path());
  auto ranked =
      ChurnRadar("score --config config.yaml --out out -q --rank-by value_at_risk", folder.path());
  ASSERT_EQ(ranked.exit_code, 0) << ranked.err;
  AtRiskList list = ReadAtRisk(folder / "out/scores" / second_);
  ASSERT_GT(list.rows.size(), 1U);
  for (std::size_t idx = 1; idx < list.rows.size(); ++idx) {
    const AtRiskRow& above = list.rows[idx - 1];
    const AtRiskRow& row = list.rows[idx];
    EXPECT_TRUE(above.value_at_risk > row.value_at_risk ||
                (above.value_at_risk == row.value_at_risk && above.probability >= row.probability))
        << above.user_id << " before " << row.user_id;
  }
  EXPECT_EQ(Json(folder / "out/scores" / second_ / "summary.json")["value"]["rank_by"],
            "value_at_risk");
  AtRiskList by_risk = ReadAtRisk(Scores() / second_);
  EXPECT_EQ(list.rows.size(), by_risk.rows.size()) << "the same users, in another order";
  EXPECT_NE(list.rows.front().user_id, by_risk.rows.front().user_id);
  auto wrong = ChurnRadar("score --config config.yaml --out out --rank-by value", folder.path());
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.err, HasSubstr("--rank-by"));
}

}  // namespace
}  // namespace churn::e2e

// The lists by risk: one selection over a store and its order, in the
// backtest's shape or the at-risk list's.

#include "server/risk_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/request_error.h"
#include "server/scoring_answers.h"
#include "server/scoring_fixture.h"
#include "server/served_scorings.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string BadQueryMessage(const char* top, const char* min_risk) {
  try {
    ParseRiskQuery(top, min_risk, 0.5);
  } catch (const RequestError& error) {
    EXPECT_EQ(error.status(), HttpStatus::kBadRequest);
    return error.what();
  }
  ADD_FAILURE() << "accepted top=" << top << " min_risk=" << min_risk;
  return "";
}

TEST(ParseRiskQueryTest, BandsAreCutAtTheThreshold) {
  RiskQuery defaults = ParseRiskQuery(std::nullopt, std::nullopt, 0.5);
  EXPECT_EQ(defaults.top, kDefaultRiskListSize);
  EXPECT_EQ(defaults.min_probability, 0.0);
  EXPECT_EQ(ParseRiskQuery("7", "high", 0.5).min_probability, 0.5);
  EXPECT_EQ(ParseRiskQuery("7", "high", 0.5).top, 7U);
  EXPECT_EQ(ParseRiskQuery("7", "medium", 0.5).min_probability, 0.25);
  EXPECT_EQ(ParseRiskQuery("7", "low", 0.5).min_probability, 0.0);
  EXPECT_EQ(ParseRiskQuery("7", "0.3", 0.5).min_probability, 0.3);
  EXPECT_THAT(BadQueryMessage("0", "high"), HasSubstr("'top'"));
  EXPECT_THAT(BadQueryMessage("7", "urgent"), HasSubstr("risk band (high, medium, low)"));
  EXPECT_THAT(BadQueryMessage("7", "1.5"), HasSubstr("'min_risk'"));
}

class RiskListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::path scores = folder_ / "scores";
    WriteScoring(scores, "2020-02-01", nullptr, "model", 0.5,
                 {"clicks", "days_since_last_visit", "purchases"},
                 {{"low", 0.1, 1, -1.0F, 0, 0},
                  {"top, quoted", 0.8, 23, 1.0F, 3, -0.5F},
                  {"mid", 0.3, 9, 0.2F, 0, 0}},
                 0.0);
    scorings_ = ServedScorings::Load(scores, {"clicks", "days_since_last_visit", "purchases"});
  }

  RankedUsers Ranked(RiskListShape shape) const {
    return {.store = &scorings_.current()->store,
            .by_risk = &scorings_.by_risk(),
            .threshold = 0.5,
            .shape = shape,
            .as_of = "2020-02-01"};
  }

  testing::TempDir folder_;
  ServedScorings scorings_;
};

TEST_F(RiskListTest, TheAtRiskShapeHasBandsFlagsAndReasons) {
  json list = json::parse(RiskListJson(Ranked(RiskListShape::kAtRisk), {.top = 2}));
  EXPECT_EQ(
      list,
      json({{"as_of", "2020-02-01"},
            {"threshold", 0.5},
            {"min_probability", 0.0},
            {"order", "probability"},
            {"total", 3},
            {"users",
             {{{"user_id", "top, quoted"},
               {"probability", 0.8},
               {"band", "high"},
               {"flagged", 1},
               {"p_alive", nullptr},
               {"expected_purchases", nullptr},
               {"expected_value", nullptr},
               {"value_at_risk", nullptr},
               {"reasons", {"last visit 23 days ago (raises risk)", "3 purchases (lowers risk)"}}},
              {{"user_id", "mid"},
               {"probability", 0.3},
               {"band", "medium"},
               {"flagged", 0},
               {"p_alive", nullptr},
               {"expected_purchases", nullptr},
               {"expected_value", nullptr},
               {"value_at_risk", nullptr},
               {"reasons", {"last visit 9 days ago (raises risk)"}}}}}}))
      << "no customer values: null";
  EXPECT_EQ(json::parse(RiskListJson(Ranked(RiskListShape::kAtRisk),
                                     {.top = 10, .min_probability = 0.3}))["total"],
            2);
}

TEST_F(RiskListTest, TheBacktestShapeHasSnapshotRiskBandAndLabel) {
  json list = json::parse(
      RiskListJson(Ranked(RiskListShape::kBacktest), {.top = 10, .min_probability = 0.5}));
  EXPECT_FALSE(list.contains("as_of"));
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(list["users"], json::parse(R"([{"user_id": "top, quoted", "snapshot": "2020-02-01",
    "probability": 0.8, "risk_band": "high", "label": 1}])"));
}

TEST_F(RiskListTest, CsvOfBothShapes) {
  EXPECT_EQ(RiskListCsv(Ranked(RiskListShape::kAtRisk), {.top = 10}),
            "user_id,as_of,probability,band,flagged,p_alive,expected_purchases,expected_value,"
            "value_at_risk,reason_1,reason_2,reason_3\n"
            "\"top, quoted\",2020-02-01,0.8,high,1,,,,,last visit 23 days ago (raises risk),3 "
            "purchases (lowers risk),\n"
            "mid,2020-02-01,0.3,medium,0,,,,,last visit 9 days ago (raises risk),,\n"
            "low,2020-02-01,0.1,low,0,,,,,last visit 1 day ago (lowers risk),,\n");
  EXPECT_EQ(RiskListCsv(Ranked(RiskListShape::kBacktest), {.top = 1}),
            "user_id,snapshot,probability,risk_band,label\n"
            "\"top, quoted\",2020-02-01,0.8,high,1\n");
}

TEST(ParseRiskOrderTest, ProbabilityOrValueAtRiskWhenThereAreValues) {
  EXPECT_EQ(ParseRiskOrder(std::nullopt, RiskOrder::kValueAtRisk, true), RiskOrder::kValueAtRisk);
  EXPECT_EQ(ParseRiskOrder("probability", RiskOrder::kValueAtRisk, true), RiskOrder::kProbability);
  EXPECT_EQ(ParseRiskOrder("value_at_risk", RiskOrder::kProbability, true),
            RiskOrder::kValueAtRisk);
  EXPECT_EQ(RiskOrderName(RiskOrder::kValueAtRisk), "value_at_risk");
  EXPECT_EQ(RiskOrderNamed("probability"), RiskOrder::kProbability);
  EXPECT_EQ(RiskOrderNamed("risk"), std::nullopt);
  try {
    ParseRiskOrder("value", RiskOrder::kProbability, true);
    ADD_FAILURE() << "accepted order=value";
  } catch (const RequestError& error) {
    EXPECT_EQ(error.status(), HttpStatus::kBadRequest);
    EXPECT_THAT(error.what(),
                HasSubstr("'order' must be probability or value_at_risk, got 'value'"));
  }
  try {
    ParseRiskOrder("value_at_risk", RiskOrder::kProbability, false);
    ADD_FAILURE() << "ordered by value at risk without values";
  } catch (const RequestError& error) {
    EXPECT_EQ(error.status(), HttpStatus::kBadRequest);
    EXPECT_THAT(error.what(), HasSubstr("needs customer values"));
  }
}

// The same three users with customer values, the scoring ranked by value
// at risk: mid 0.3 * 100 = 30, low 0.1 * 50 = 5, "top, quoted" 0.8 * 0 = 0
// (never bought).
class ValuedRiskListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::path scores = folder_ / "scores";
    std::vector<std::string> features = {"clicks", "days_since_last_visit", "purchases"};
    std::vector<FixtureUser> users = {{"low", 0.1, 1, -1.0F, 0, 0},
                                      {"top, quoted", 0.8, 23, 1.0F, 3, -0.5F},
                                      {"mid", 0.3, 9, 0.2F, 0, 0}};
    WriteScoring(scores, "2020-02-01", nullptr, "model", 0.5, features, users, 0.0);
    WriteCustomerValues(scores, "2020-02-01", 0.5, users,
                        {{.p_alive = 0.25, .expected_purchases = 1, .expected_value = 50},
                         {.p_alive = std::nullopt},
                         {.p_alive = 0.875, .expected_purchases = 2.5, .expected_value = 100}},
                        "value_at_risk");
    scorings_ = ServedScorings::Load(scores, features);
  }

  std::vector<std::string> Ids(const json& list) const {
    std::vector<std::string> ids;
    for (const json& user : list["users"]) {
      ids.push_back(user["user_id"].get<std::string>());
    }
    return ids;
  }

  testing::TempDir folder_;
  ServedScorings scorings_;
};

TEST_F(ValuedRiskListTest, TheScoringsOrderByDefaultAndEitherOnRequest) {
  json by_value = json::parse(RiskListJson(AtRiskRanking(scorings_), {.top = 10}));
  EXPECT_EQ(by_value["order"], "value_at_risk") << "summary.json's value.rank_by";
  EXPECT_THAT(Ids(by_value), ElementsAre("mid", "low", "top, quoted"));
  EXPECT_EQ(by_value["users"][0]["p_alive"], 0.875);
  EXPECT_EQ(by_value["users"][0]["expected_purchases"], 2.5);
  EXPECT_EQ(by_value["users"][0]["expected_value"], 100.0);
  EXPECT_EQ(by_value["users"][0]["value_at_risk"], 30.0);
  EXPECT_EQ(by_value["users"][2]["p_alive"], nullptr) << "never bought";
  EXPECT_EQ(by_value["users"][2]["value_at_risk"], 0.0);
  json by_risk = json::parse(RiskListJson(AtRiskRanking(scorings_, "probability"), {.top = 10}));
  EXPECT_EQ(by_risk["order"], "probability");
  EXPECT_THAT(Ids(by_risk), ElementsAre("top, quoted", "mid", "low"));
  EXPECT_THAT(Ids(json::parse(RiskListJson(AtRiskRanking(scorings_, "value_at_risk"), {.top = 1}))),
              ElementsAre("mid"));
}

TEST_F(ValuedRiskListTest, TheMinimumRiskFiltersTheValueOrder) {
  RankedUsers by_value = AtRiskRanking(scorings_);
  json medium = json::parse(RiskListJson(by_value, {.top = 10, .min_probability = 0.25}));
  EXPECT_EQ(medium["total"], 2);
  EXPECT_THAT(Ids(medium), ElementsAre("mid", "top, quoted")) << "low is below 0.25";
  json first = json::parse(RiskListJson(by_value, {.top = 1, .min_probability = 0.5}));
  EXPECT_EQ(first["total"], 1);
  EXPECT_THAT(Ids(first), ElementsAre("top, quoted"));
}

TEST_F(ValuedRiskListTest, CsvHasTheValuesAsTheScoringWroteThem) {
  EXPECT_EQ(RiskListCsv(AtRiskRanking(scorings_), {.top = 10}),
            "user_id,as_of,probability,band,flagged,p_alive,expected_purchases,expected_value,"
            "value_at_risk,reason_1,reason_2,reason_3\n"
            "mid,2020-02-01,0.3,medium,0,0.875,2.5,100,30,last visit 9 days ago (raises risk),,\n"
            "low,2020-02-01,0.1,low,0,0.25,1,50,5,last visit 1 day ago (lowers risk),,\n"
            "\"top, quoted\",2020-02-01,0.8,high,1,,0,0,0,last visit 23 days ago (raises risk),3 "
            "purchases (lowers risk),\n");
}

}  // namespace
}  // namespace churn::server

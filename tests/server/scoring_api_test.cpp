// The API over scorings: a real DashboardServer serving the `served`
// fixture's model with hand-made scorings in a temporary scores folder
// (two complete scorings, one made for other features, one unfinished), so
// every answer can be checked value by value.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "explain/shap_store.h"
#include "scoring/scoring_files.h"
#include "server/api_routes.h"
#include "server/running_server.h"
#include "server/scoring_fixture.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kOlder = "2020-01-01";
constexpr const char* kCurrent = "2020-02-01";
constexpr double kOlderThreshold = 0.4;
constexpr double kCurrentThreshold = 0.5;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

dataset::OutputLayout ServedWith(const std::filesystem::path& scores) {
  return {.data_dir = {}, .models_dir = CHURN_SERVED_MODELS, .scores_dir = scores};
}

// The served model with the scorings below; users of the backtest (the
// test snapshot) are taken from the fixture's own store.
class ScoringApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(std::filesystem::exists(CHURN_SERVED_MODELS))
        << CHURN_SERVED_MODELS << " is missing: ctest's `served` fixture makes it";
    folder_ = new testing::TempDir();
    std::filesystem::path scores = *folder_ / "scores";
    {
      std::unique_ptr<const ServedArtifacts> backtest_only =
          ServedArtifacts::Load(ServedWith(scores), "test");
      const explain::ShapStore& store = backtest_only->store();
      in_both_ = new std::string(store.At(backtest_only->by_risk()[0]).user_id);
      only_backtest_ = new std::string(store.At(backtest_only->by_risk()[1]).user_id);
      features_ = new std::vector<std::string>(backtest_only->columns().names);
    }
    WriteScorings(scores);
    artifacts_ = ServedArtifacts::Load(ServedWith(scores), "test").release();
    assets_ = new WebAssets(WebAssets::Load(CHURN_WEB_ROOT));
    server_ = new RunningServer(*artifacts_, *assets_, AccessPolicy());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete assets_;
    delete artifacts_;
    delete features_;
    delete only_backtest_;
    delete in_both_;
    delete folder_;
  }

  // 2019-12-01 was made for other features (left out of history);
  // 2020-03-01 is unfinished (no summary.json, so not a scoring).
  static void WriteScorings(const std::filesystem::path& scores) {
    WriteScoring(scores, kOlder, nullptr, "digest-of-an-older-model", kOlderThreshold, *features_,
                 {{"u-both", 0.3, 10, 0.2F, 1, 0.1F},
                  {"u-old", 0.9, 40, 2.0F, 0, 0},
                  {*in_both_, 0.2, 5, -0.3F, 2, 0}},
                 0.05);
    std::vector<FixtureUser> current = {
        {"u-both", 0.7, 23, 1.0F, 3, -0.5F}, {"u-new-b", 0.55, 12, 0.4F, 0, 0},
        {"u-new-a", 0.55, 12, 0.4F, 0, 0},   {"u-low", 0.1, 1, -1.0F, 9, -0.2F},
        {*in_both_, 0.3, 6, 0.1F, 2, 0},     {"u-mid", 0.26, 8, 0.2F, 1, 0}};
    WriteScoring(scores, kCurrent, kOlder, "digest-of-the-current-model", kCurrentThreshold,
                 *features_, current, 0.31);
    // Values at risk: u-both 84, u-new-b 22, u-new-a 0 (never bought),
    // u-low 50, in_both 90, u-mid 2.6; the list ranks by probability.
    WriteCustomerValues(scores, kCurrent, kCurrentThreshold, current,
                        {{0.8, 1.5, 120},
                         {0.6, 1, 40},
                         {std::nullopt, 0, 0},
                         {0.95, 4, 500},
                         {0.5, 2, 300},
                         {0.4, 0.5, 10}},
                        "probability");
    std::vector<std::string> other_features = {"days_since_last_visit", "purchases"};
    WriteScoring(scores, "2019-12-01", nullptr, "digest-of-an-old-model", 0.4, other_features,
                 {{"u-both", 0.5, 3, 0.1F, 1, 0.1F}}, 0.0);
    std::filesystem::create_directories(scores / "2020-03-01");
  }

  static json Ok(const std::string& path) { return OkJson(server_->Get(path)); }
  static std::string Error(const std::string& path, int status) {
    return ErrorMessage(server_->Get(path), status);
  }

  static testing::TempDir* folder_;
  static std::string* in_both_;        // in both scorings and the backtest
  static std::string* only_backtest_;  // in the backtest only
  static std::vector<std::string>* features_;
  static const ServedArtifacts* artifacts_;
  static const WebAssets* assets_;
  static RunningServer* server_;
};

testing::TempDir* ScoringApiTest::folder_ = nullptr;
std::string* ScoringApiTest::in_both_ = nullptr;
std::string* ScoringApiTest::only_backtest_ = nullptr;
std::vector<std::string>* ScoringApiTest::features_ = nullptr;
const ServedArtifacts* ScoringApiTest::artifacts_ = nullptr;
const WebAssets* ScoringApiTest::assets_ = nullptr;
RunningServer* ScoringApiTest::server_ = nullptr;

TEST_F(ScoringApiTest, ScoringsAreListedNewestFirst) {
  EXPECT_EQ(Ok("/api/scorings"), json::parse(R"({"current": "2020-02-01", "scorings": [
              {"as_of": "2020-02-01", "users": 6, "flagged": 3, "previous_as_of": "2020-01-01"},
              {"as_of": "2020-01-01", "users": 3, "flagged": 1, "previous_as_of": null}]})"));
}

TEST_F(ScoringApiTest, AScoringIsItsSummaryAndItsDrift) {
  std::filesystem::path scores = *folder_ / "scores";
  json current = json::parse(testing::ReadTextFile(scoring::ScoringFolder(scores, kCurrent) /
                                                   scoring::kScoringSummaryFile));
  EXPECT_EQ(Ok("/api/scorings/2020-02-01"), current);
  EXPECT_EQ(Ok("/api/scorings/latest"), current);
  EXPECT_EQ(Ok("/api/scorings/2020-01-01")["previous_as_of"], nullptr);
  EXPECT_EQ(Ok("/api/scorings/2020-01-01/drift"), FixtureDrift(kOlder, 0.05));
  EXPECT_EQ(Ok("/api/scorings/latest/drift"), FixtureDrift(kCurrent, 0.31));
  EXPECT_THAT(Error("/api/scorings/2019-12-01", 404), HasSubstr("no scoring as of '2019-12-01'"))
      << "made for other features: left out";
  EXPECT_THAT(Error("/api/scorings/2020-03-01/drift", 404), HasSubstr("GET /api/scorings"));
  EXPECT_THAT(Error("/api/scorings/yesterday", 404), HasSubstr("no scoring as of 'yesterday'"));
}

TEST_F(ScoringApiTest, TheAtRiskListIsTheCurrentScoringRiskiestFirst) {
  json list = Ok("/api/at-risk");
  EXPECT_EQ(list["as_of"], kCurrent);
  EXPECT_EQ(list["threshold"], kCurrentThreshold) << "the scoring model's, not the served one's";
  EXPECT_EQ(list["min_probability"], 0.0);
  EXPECT_EQ(list["total"], 6);
  std::vector<std::string> order;
  for (const json& user : list["users"]) {
    order.push_back(user["user_id"].get<std::string>());
  }
  EXPECT_THAT(order,
              ::testing::ElementsAre("u-both", "u-new-a", "u-new-b", *in_both_, "u-mid", "u-low"))
      << "ties in user id order";
  EXPECT_EQ(list["order"], "probability") << "the scoring's value.rank_by";
  EXPECT_EQ(
      list["users"][0],
      json({{"user_id", "u-both"},
            {"probability", 0.7},
            {"band", "high"},
            {"flagged", 1},
            {"p_alive", 0.8},
            {"expected_purchases", 1.5},
            {"expected_value", 120.0},
            {"value_at_risk", 84.0},
            {"reasons", {"last visit 23 days ago (raises risk)", "3 purchases (lowers risk)"}}}));
  EXPECT_EQ(list["users"][2]["user_id"], "u-new-b");
  EXPECT_EQ(list["users"][1]["p_alive"], nullptr) << "u-new-a never bought";
  EXPECT_EQ(list["users"][1]["expected_value"], 0.0);
  EXPECT_EQ(list["users"][4]["band"], "medium");
  EXPECT_EQ(list["users"][4]["flagged"], 0);
  EXPECT_EQ(list["users"][5]["band"], "low");
}

TEST_F(ScoringApiTest, TheAtRiskListFiltersByRiskAndCounts) {
  json high = Ok("/api/at-risk?min_risk=high");
  EXPECT_EQ(high["min_probability"], kCurrentThreshold);
  EXPECT_EQ(high["total"], 3);
  EXPECT_EQ(high["users"].size(), 3U);
  json medium = Ok("/api/at-risk?min_risk=medium&top=2");
  EXPECT_EQ(medium["total"], 5) << "0.26 reaches half of 0.5";
  EXPECT_EQ(medium["users"].size(), 2U);
  EXPECT_EQ(Ok("/api/at-risk?min_risk=0.56")["total"], 1);
  EXPECT_THAT(Error("/api/at-risk?top=0", 400), HasSubstr("'top'"));
  EXPECT_THAT(Error("/api/at-risk?min_risk=urgent", 400), HasSubstr("risk band"));
  EXPECT_THAT(Error("/api/at-risk?format=xml", 400), HasSubstr("'format'"));
}

TEST_F(ScoringApiTest, TheAtRiskListOrdersByValueAtRiskOnRequest) {
  json list = Ok("/api/at-risk?order=value_at_risk");
  EXPECT_EQ(list["order"], "value_at_risk");
  std::vector<std::string> order;
  for (const json& user : list["users"]) {
    order.push_back(user["user_id"].get<std::string>());
  }
  EXPECT_THAT(order,
              ::testing::ElementsAre(*in_both_, "u-both", "u-low", "u-new-b", "u-mid", "u-new-a"));
  EXPECT_EQ(list["users"][0]["value_at_risk"], 90.0);
  json high = Ok("/api/at-risk?order=value_at_risk&min_risk=high&top=2");
  EXPECT_EQ(high["total"], 3);
  ASSERT_EQ(high["users"].size(), 2U);
  EXPECT_EQ(high["users"][0]["user_id"], "u-both");
  EXPECT_EQ(high["users"][1]["user_id"], "u-new-b");
  EXPECT_EQ(Ok("/api/at-risk?order=probability")["users"][0]["user_id"], "u-both");
  EXPECT_THAT(Error("/api/at-risk?order=value", 400), HasSubstr("'order'"));
}

TEST_F(ScoringApiTest, TheScoringsValueReachesItsSummary) {
  json value = Ok("/api/scorings/latest")["value"];
  EXPECT_EQ(value["available"], true);
  EXPECT_EQ(value["rank_by"], "probability");
  EXPECT_EQ(value["customers"], 5);
  EXPECT_DOUBLE_EQ(value["value_at_risk"].get<double>(), 84 + 22 + 50 + 90 + 2.6);
  EXPECT_EQ(value["by_band"][0]["band"], "high");
  EXPECT_EQ(value["by_band"][0]["users"], 3);
  EXPECT_DOUBLE_EQ(value["by_band"][0]["value_at_risk"].get<double>(), 84 + 22 + 0);
  EXPECT_FALSE(Ok("/api/scorings/2020-01-01").contains("value")) << "scored before values";
}

TEST_F(ScoringApiTest, TheAtRiskListDownloadsAsAtRiskCsv) {
  httplib::Result result = server_->Get("/api/at-risk?top=3&format=csv");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_EQ(result->get_header_value("Content-Disposition"),
            "attachment; filename=\"churn_at_risk_2020-02-01.csv\"");
  EXPECT_THAT(Lines(result->body),
              ::testing::ElementsAre(
                  "user_id,as_of,probability,band,flagged,p_alive,expected_purchases,"
                  "expected_value,value_at_risk,reason_1,reason_2,reason_3",
                  "u-both,2020-02-01,0.7,high,1,0.8,1.5,120,84,last visit 23 days ago (raises "
                  "risk),3 purchases (lowers risk),",
                  "u-new-a,2020-02-01,0.55,high,1,,0,0,0,last visit 12 days ago (raises risk),,",
                  "u-new-b,2020-02-01,0.55,high,1,0.6,1,40,22,last visit 12 days ago (raises "
                  "risk),,"));
}

TEST_F(ScoringApiTest, AUserInTheCurrentScoringHasHistoryAndBacktest) {
  json user = Ok("/api/users/u-both?reasons=1");
  EXPECT_EQ(user["user_id"], "u-both");
  EXPECT_EQ(user["as_of"], kCurrent);
  EXPECT_EQ(user["snapshot"], kCurrent);
  EXPECT_EQ(user["in_current_scoring"], true);
  EXPECT_EQ(user["probability"], 0.7);
  EXPECT_EQ(user["threshold"], kCurrentThreshold);
  EXPECT_EQ(user["risk_band"], "high");
  EXPECT_EQ(user["label"], 1);
  ASSERT_EQ(user["reasons"].size(), 1U);
  EXPECT_EQ(user["reasons"][0]["phrase"], "last visit 23 days ago (raises risk)");
  EXPECT_EQ(user["base_value"], -1.0);
  EXPECT_EQ(user["features"]["purchases"], 3.0);
  EXPECT_EQ(user["history"], json::parse(R"([
    {"as_of": "2020-01-01", "probability": 0.3, "band": "medium"},
    {"as_of": "2020-02-01", "probability": 0.7, "band": "high"}])"))
      << "each scoring's band at its own threshold";
  EXPECT_EQ(user["backtest"], nullptr);
  EXPECT_EQ(user["value"], json::parse(R"({"p_alive": 0.8, "expected_purchases": 1.5,
    "expected_value": 120.0, "value_at_risk": 84.0})"));
  EXPECT_EQ(Ok("/api/users/u-new-a")["value"]["p_alive"], nullptr) << "never bought";
}

TEST_F(ScoringApiTest, AUserOfTheBacktestToo) {
  json user = Ok("/api/users/" + *in_both_);
  EXPECT_EQ(user["in_current_scoring"], true);
  EXPECT_EQ(user["probability"], 0.3);
  EXPECT_EQ(user["risk_band"], "medium");
  ASSERT_EQ(user["history"].size(), 2U);
  const json& backtest = user["backtest"];
  ASSERT_TRUE(backtest.is_object());
  std::size_t index = *artifacts_->store().Find(*in_both_);
  EXPECT_EQ(backtest["probability"], artifacts_->store().At(index).probability);
  EXPECT_EQ(backtest["snapshot"], std::string(artifacts_->store().At(index).cutoff));
  EXPECT_EQ(backtest["threshold"], artifacts_->bundle().threshold);
  EXPECT_EQ(backtest["reasons"].size(), 5U);
}

TEST_F(ScoringApiTest, AUserOnlyInAnOlderScoringHasHistoryAlone) {
  EXPECT_EQ(Ok("/api/users/u-old"), json::parse(R"({
    "user_id": "u-old", "as_of": "2020-02-01", "in_current_scoring": false,
    "probability": null, "risk_band": null, "value": null,
    "history": [{"as_of": "2020-01-01", "probability": 0.9, "band": "high"}],
    "backtest": null})"));
}

TEST_F(ScoringApiTest, AUserOnlyInTheBacktest) {
  json user = Ok("/api/users/" + *only_backtest_);
  EXPECT_EQ(user["as_of"], kCurrent);
  EXPECT_EQ(user["in_current_scoring"], false);
  EXPECT_EQ(user["probability"], nullptr);
  EXPECT_EQ(user["history"], json::array());
  EXPECT_EQ(user["backtest"]["user_id"], *only_backtest_);
  EXPECT_EQ(user["backtest"]["risk_band"], "high") << "the backtest's second riskiest user";
}

TEST_F(ScoringApiTest, AUserInNoStoreIs404) {
  EXPECT_THAT(Error("/api/users/nobody", 404), HasSubstr("unknown user 'nobody'"));
}

TEST_F(ScoringApiTest, TheOldListIsGoneWithDirections) {
  std::string message = Error("/api/users", 404);
  EXPECT_THAT(message, HasSubstr("GET /api/at-risk"));
  EXPECT_THAT(message, HasSubstr("GET /api/backtest/users"));
  EXPECT_EQ(Ok("/api/backtest/users?top=1")["users"][0]["user_id"], *in_both_);
}

// Every route the server declares answers; anything else under /api/ is
// "no such endpoint". (api_routes_test holds the declared routes to
// docs/openapi.yaml.)
TEST_F(ScoringApiTest, EveryDeclaredRouteIsAnsweredAndNothingElse) {
  for (const ApiRoute& route : ApiRoutes()) {
    std::string path(route.path);
    for (const auto& [name, value] :
         {std::pair<std::string, std::string>{"{as_of}", kCurrent}, {"{user_id}", "u-both"}}) {
      if (std::size_t at = path.find(name); at != std::string::npos) {
        path.replace(at, name.size(), value);
      }
    }
    httplib::Client client = server_->Client();
    httplib::Result result =
        route.method == "GET" ? client.Get(path) : client.Post(path, "{}", "application/json");
    ASSERT_TRUE(result) << path;
    EXPECT_THAT(result->body, ::testing::Not(HasSubstr("no such endpoint"))) << path;
    // The rolling backtest is answered by its 404 while the served demo has none.
    bool absent = path == "/api/backtest" && !artifacts_->backtest_json();
    int expected = route.method == "GET" ? (absent ? 404 : 200) : 400;
    EXPECT_EQ(result->status, expected) << path << ": " << result->body;
  }
  EXPECT_THAT(Error("/api/scorings/2020-02-01/movers", 404), HasSubstr("no such endpoint"));
  EXPECT_THAT(Error("/api/at-risk/u-both", 404), HasSubstr("no such endpoint"));
}

// No scoring yet: the backtest alone, and /api/at-risk says what to run.
class NoScoringApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    artifacts_ = ServedArtifacts::Load(ServedWith(folder_ / "no-scores-here"), "test");
    assets_ = std::make_unique<WebAssets>(WebAssets::Load(CHURN_WEB_ROOT));
    server_ = std::make_unique<RunningServer>(*artifacts_, *assets_, AccessPolicy());
  }

  testing::TempDir folder_;
  std::unique_ptr<const ServedArtifacts> artifacts_;
  std::unique_ptr<WebAssets> assets_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(NoScoringApiTest, AtRiskSaysToScoreAndUsersFallBackToTheBacktest) {
  EXPECT_EQ(OkJson(server_->Get("/api/scorings")),
            json::parse(R"({"current": null, "scorings": []})"));
  EXPECT_THAT(ErrorMessage(server_->Get("/api/at-risk"), 404),
              HasSubstr("no scoring yet: run `churn-radar score`"));
  EXPECT_THAT(ErrorMessage(server_->Get("/api/scorings/latest"), 404), HasSubstr("no scoring yet"));
  std::string id(artifacts_->store().At(artifacts_->by_risk()[0]).user_id);
  json user = OkJson(server_->Get("/api/users/" + id));
  EXPECT_EQ(user["as_of"], nullptr);
  EXPECT_EQ(user["in_current_scoring"], false);
  EXPECT_EQ(user["probability"], nullptr);
  EXPECT_EQ(user["value"], nullptr);
  EXPECT_EQ(user["history"], json::array());
  EXPECT_EQ(user["backtest"]["user_id"], id);
  EXPECT_EQ(user["backtest"]["risk_band"], "high");
}

}  // namespace
}  // namespace churn::server

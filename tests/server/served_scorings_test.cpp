// ServedScorings: every scoring of a scores folder loaded, the latest the
// current one; an older one the served features cannot read left out, a
// broken latest one an error that names its file.

#include "server/served_scorings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "scoring/scoring_files.h"
#include "server/scoring_fixture.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<std::string> kScoredFeatures = {"clicks", "days_since_last_visit", "purchases"};

std::vector<std::string> AsOfDates(const ServedScorings& scorings) {
  std::vector<std::string> dates;
  for (const ServedScoring& scoring : scorings.all()) {
    dates.push_back(scoring.as_of);
  }
  return dates;
}

std::vector<std::string> IdsByRisk(const ServedScorings& scorings) {
  std::vector<std::string> ids;
  for (std::size_t index : scorings.by_risk()) {
    ids.emplace_back(scorings.current()->store.At(index).user_id);
  }
  return ids;
}

TEST(ServedScoringsTest, NoScoresFolderIsNoScoring) {
  testing::TempDir folder;
  ServedScorings scorings = ServedScorings::Load(folder / "scores", kScoredFeatures);
  EXPECT_TRUE(scorings.all().empty());
  EXPECT_EQ(scorings.current(), nullptr);
  EXPECT_EQ(scorings.Find(kLatestScoring), nullptr);
  EXPECT_TRUE(scorings.by_risk().empty());
  EXPECT_EQ(json::parse(scorings.list_json()), json::parse(R"({"current":null,"scorings":[]})"));
}

TEST(ServedScoringsTest, EveryScoringAscendingAndTheLatestOrderedByRisk) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  WriteScoring(scores, "2020-01-01", nullptr, "old-model", 0.4, kScoredFeatures,
               {{"b", 0.9, 3, 0.1F, 0, 0}}, 0.0);
  WriteScoring(scores, "2020-02-01", "2020-01-01", "new-model", 0.5, kScoredFeatures,
               {{"c", 0.2, 3, 0.1F, 0, 0}, {"b", 0.6, 3, 0.1F, 0, 0}, {"a", 0.2, 3, 0.1F, 0, 0}},
               0.0);
  ServedScorings scorings = ServedScorings::Load(scores, kScoredFeatures);
  EXPECT_THAT(AsOfDates(scorings), ElementsAre("2020-01-01", "2020-02-01"));
  ASSERT_NE(scorings.current(), nullptr);
  EXPECT_EQ(scorings.current()->as_of, "2020-02-01");
  EXPECT_EQ(scorings.Find(kLatestScoring), scorings.current());
  EXPECT_EQ(scorings.Find("2020-01-01"), &scorings.all().front());
  EXPECT_EQ(scorings.Find("2020-03-01"), nullptr);
  EXPECT_THAT(IdsByRisk(scorings), ElementsAre("b", "a", "c")) << "ties in user id order";
  const ServedScoring& older = scorings.all().front();
  EXPECT_EQ(older.previous_as_of, std::nullopt);
  EXPECT_DOUBLE_EQ(older.threshold, 0.4);
  EXPECT_EQ(older.users, 1U);
  EXPECT_EQ(older.flagged, 1U);
  EXPECT_EQ(scorings.current()->previous_as_of, "2020-01-01");
  EXPECT_EQ(json::parse(scorings.current()->drift_json), FixtureDrift("2020-02-01", 0.0));
  EXPECT_EQ(json::parse(scorings.list_json())["current"], "2020-02-01");
}

TEST(ServedScoringsTest, AnOlderScoringOfOtherFeaturesIsLeftOut) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  std::vector<std::string> fewer = {"days_since_last_visit", "purchases"};
  WriteScoring(scores, "2020-01-01", nullptr, "old-model", 0.4, fewer, {{"a", 0.9, 3, 0.1F, 0, 0}},
               0.0);
  WriteScoring(scores, "2020-02-01", nullptr, "new-model", 0.5, kScoredFeatures,
               {{"a", 0.2, 3, 0.1F, 0, 0}}, 0.0);
  ServedScorings scorings = ServedScorings::Load(scores, kScoredFeatures);
  EXPECT_THAT(AsOfDates(scorings), ElementsAre("2020-02-01"));
}

TEST(ServedScoringsTest, ALatestScoringOfOtherFeaturesStopsTheStart) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  WriteScoring(scores, "2020-02-01", nullptr, "new-model", 0.5,
               {"days_since_last_visit", "purchases"}, {{"a", 0.2, 3, 0.1F, 0, 0}}, 0.0);
  try {
    ServedScorings::Load(scores, kScoredFeatures);
    ADD_FAILURE() << "loaded a scoring of other features";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("2020-02-01/shap_values.bin"));
  }
}

TEST(ServedScoringsTest, ASummaryWithoutItsModelNamesTheFile) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  WriteScoring(scores, "2020-02-01", nullptr, "new-model", 0.5, kScoredFeatures,
               {{"a", 0.2, 3, 0.1F, 0, 0}}, 0.0);
  std::filesystem::path summary =
      scoring::ScoringFolder(scores, "2020-02-01") / scoring::kScoringSummaryFile;
  testing::WriteTextFile(summary, R"({"as_of": "2020-02-01", "users": 1, "flagged": 0})");
  try {
    ServedScorings::Load(scores, kScoredFeatures);
    ADD_FAILURE() << "loaded a summary without its model";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("2020-02-01/summary.json"));
    EXPECT_THAT(error.what(), HasSubstr("churn-radar score"));
  }
}

TEST(ServedScoringsTest, TheCurrentScoringHasItsValuesAndItsRankBy) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  std::vector<FixtureUser> users = {{"a", 0.9, 3, 0.1F, 0, 0}, {"b", 0.2, 3, 0.1F, 0, 0}};
  WriteScoring(scores, "2020-01-01", nullptr, "model", 0.5, kScoredFeatures, users, 0.0);
  WriteCustomerValues(scores, "2020-01-01", 0.5, users, {{1, 1, 1}, {1, 1, 1}}, "probability");
  WriteScoring(scores, "2020-02-01", nullptr, "model", 0.5, kScoredFeatures, users, 0.0);
  WriteCustomerValues(scores, "2020-02-01", 0.5, users, {{0.5, 1, 10}, {0.9, 3, 100}},
                      "value_at_risk");
  ServedScorings scorings = ServedScorings::Load(scores, kScoredFeatures);
  const ServedScoring& current = *scorings.current();
  EXPECT_EQ(current.rank_by, RiskOrder::kValueAtRisk);
  ASSERT_TRUE(current.values.has_value());
  EXPECT_EQ(current.values->At(*current.store.Find("b")).value_at_risk, 20.0);
  EXPECT_THAT(IdsByRisk(scorings), ElementsAre("a", "b"));
  EXPECT_EQ(scorings.by_value_at_risk(), std::vector<std::size_t>({1, 0})) << "b 20, a 9";
  EXPECT_EQ(scorings.all().front().rank_by, RiskOrder::kProbability);
  EXPECT_FALSE(scorings.all().front().values.has_value()) << "only the current scoring's are read";
}

TEST(ServedScoringsTest, AScoringFromBeforeValuesHasNone) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  WriteScoring(scores, "2020-02-01", nullptr, "model", 0.5, kScoredFeatures,
               {{"a", 0.2, 3, 0.1F, 0, 0}}, 0.0);
  ServedScorings scorings = ServedScorings::Load(scores, kScoredFeatures);
  EXPECT_EQ(scorings.current()->rank_by, RiskOrder::kProbability);
  EXPECT_FALSE(scorings.current()->values.has_value());
  EXPECT_TRUE(scorings.by_value_at_risk().empty());
}

// The message ServedScorings::Load throws for the scores folder.
std::string ScoringsLoadError(const std::filesystem::path& scores) {
  try {
    ServedScorings::Load(scores, kScoredFeatures);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "loaded " << scores;
  return "";
}

TEST(ServedScoringsTest, ValuesTheSummaryPromisesMustBeThere) {
  testing::TempDir folder;
  std::filesystem::path scores = folder / "scores";
  std::vector<FixtureUser> users = {{"a", 0.2, 3, 0.1F, 0, 0}};
  WriteScoring(scores, "2020-02-01", nullptr, "model", 0.5, kScoredFeatures, users, 0.0);
  WriteCustomerValues(scores, "2020-02-01", 0.5, users, {{0.5, 1, 10}}, "probability");
  std::filesystem::path scoring_folder = scoring::ScoringFolder(scores, "2020-02-01");
  std::filesystem::path values = scoring_folder / scoring::kCustomerValuesFile;
  testing::WriteTextFile(values,
                         "user_id,p_alive,expected_purchases,expected_value,value_at_risk\n"
                         "b,0.5,1,10,2\n");
  EXPECT_THAT(ScoringsLoadError(scores), HasSubstr("2020-02-01/customer_values.csv:2: user 'b'"));
  std::filesystem::remove(values);
  std::string missing = ScoringsLoadError(scores);
  EXPECT_THAT(missing, HasSubstr("2020-02-01/customer_values.csv is missing"));
  EXPECT_THAT(missing, HasSubstr("summary.json says the scoring has customer values"));
  std::filesystem::path summary_path = scoring_folder / scoring::kScoringSummaryFile;
  json summary = json::parse(testing::ReadTextFile(summary_path));
  summary["value"]["rank_by"] = "loyalty";
  testing::WriteTextFile(summary_path, summary.dump());
  EXPECT_THAT(ScoringsLoadError(scores), HasSubstr("value.rank_by is 'loyalty'"));
}

}  // namespace
}  // namespace churn::server

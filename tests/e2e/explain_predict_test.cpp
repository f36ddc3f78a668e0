// `churn-radar explain` and `predict` end to end, on generated logs: SHAP
// values for every test user, one user scored with reasons, a file scored,
// the same probability from the raw logs as from the processed snapshot,
// and clear errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

// A copy of the `served` fixture's demo (tests/fixtures/demo_runs/served.yaml),
// which `run` made, trained and explained once per ctest run; a copy, since
// the tests write scores and retrain into it.
class ExplainPredictTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new TempDir();
    CopyDemoRun("served", folder_->path());
    explained_ = DemoRunStep("served", kRunStep).out;
  }
  static void TearDownTestSuite() { delete folder_; }

  // The test snapshot's cutoff, YYYY-MM-DD (test_predictions.csv's second column).
  static std::string TestCutoff() {
    std::istringstream lines(ReadTextFile(*folder_ / "models/test_predictions.csv"));
    std::string line;
    std::getline(lines, line);
    std::getline(lines, line);
    std::size_t start = line.find(',') + 1;
    return line.substr(start, line.find(',', start) - start);
  }

  // The first user of the latest scoring's at-risk list and their probability.
  static std::pair<std::string, double> RiskiestUserNow(std::string* as_of) {
    std::filesystem::path scores = *folder_ / "scores";
    std::filesystem::path latest;
    for (const auto& entry : std::filesystem::directory_iterator(scores)) {
      latest = std::max(latest, entry.path());
    }
    *as_of = latest.filename().string();
    std::istringstream lines(ReadTextFile(latest / "at_risk.csv"));
    std::string line;
    std::getline(lines, line);
    std::getline(lines, line);
    std::istringstream fields(line);
    std::string user_id, date, probability;
    std::getline(fields, user_id, ',');
    std::getline(fields, date, ',');
    std::getline(fields, probability, ',');
    return {user_id, std::stod(probability)};
  }

  // The test predictions of train: user id to probability.
  static std::map<std::string, double> TestPredictions() {
    std::istringstream lines(ReadTextFile(*folder_ / "models/test_predictions.csv"));
    std::string line;
    std::getline(lines, line);
    std::map<std::string, double> probabilities;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      std::string user_id, snapshot, probability;
      std::getline(fields, user_id, ',');
      std::getline(fields, snapshot, ',');
      std::getline(fields, probability, ',');
      probabilities[user_id] = std::stod(probability);
    }
    return probabilities;
  }

  static constexpr int kRunStep = 2;
  static TempDir* folder_;
  static std::string explained_;
};

TempDir* ExplainPredictTest::folder_ = nullptr;
std::string ExplainPredictTest::explained_;

TEST_F(ExplainPredictTest, ExplainWritesTheStoreAndTheSummary) {
  EXPECT_THAT(explained_, HasSubstr("with exact SHAP values"));
  EXPECT_TRUE(std::filesystem::exists(*folder_ / "models/shap_values.bin"));
  nlohmann::json summary =
      nlohmann::json::parse(ReadTextFile(*folder_ / "models/shap_summary.json"));
  EXPECT_EQ(summary["users_explained"].get<std::size_t>(), TestPredictions().size());
  ASSERT_FALSE(summary["features"].empty());
  EXPECT_GE(summary["features"][0]["mean_abs_shap"].get<double>(),
            summary["features"][1]["mean_abs_shap"].get<double>());
  EXPECT_FALSE(summary["beeswarm"]["features"].empty());
}

TEST_F(ExplainPredictTest, OneUserGetsTheirCurrentProbabilityAndReasons) {
  std::string as_of;
  auto [user_id, probability] = RiskiestUserNow(&as_of);
  auto result =
      ChurnRadar("predict --config config.yaml --json --user-id " + user_id, folder_->path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json score = nlohmann::json::parse(result.out);
  EXPECT_EQ(score["user_id"], user_id);
  EXPECT_EQ(score["as_of"], as_of) << "the latest scoring answers first";
  EXPECT_NEAR(score["probability"].get<double>(), probability, 1e-9);
  EXPECT_EQ(score["reasons"].size(), 3U);
  EXPECT_THAT(score["reasons"][0]["phrase"].get<std::string>(), HasSubstr(" risk)"));
  EXPECT_TRUE(score["risk_band"] == "high" || score["risk_band"] == "medium" ||
              score["risk_band"] == "low");
  auto human = ChurnRadar("predict --config config.yaml --user-id " + user_id, folder_->path());
  EXPECT_THAT(human.out, HasSubstr("churn probability"));
}

TEST_F(ExplainPredictTest, TheRawLogsGiveTheSameProbabilityAsTheSnapshot) {
  auto [user_id, probability] = *TestPredictions().rbegin();
  auto result = ChurnRadar("predict --config config.yaml --json --from-logs --cutoff " +
                               TestCutoff() + " --user-id " + user_id,
                           folder_->path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json score = nlohmann::json::parse(result.out);
  EXPECT_NEAR(score["probability"].get<double>(), probability, 1e-6)
      << "one feature code for training and scoring";
  EXPECT_THAT(score["source"].get<std::string>(), HasSubstr("logs"));
}

TEST_F(ExplainPredictTest, AFileIsScoredWithReasons) {
  auto result =
      ChurnRadar("predict --config config.yaml --input data/processed_test.csv --output scores.csv",
                 folder_->path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Scored"));
  std::string scores = ReadTextFile(*folder_ / "scores.csv");
  EXPECT_EQ(scores.substr(0, scores.find('\n')),
            "user_id,snapshot,probability,flagged,risk_band,reason_1,reason_2,reason_3");
  std::map<std::string, double> expected = TestPredictions();
  std::istringstream lines(scores.substr(scores.find('\n') + 1));
  std::string line;
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string user_id, snapshot, probability;
    std::getline(fields, user_id, ',');
    std::getline(fields, snapshot, ',');
    std::getline(fields, probability, ',');
    EXPECT_EQ(snapshot, TestCutoff()) << line;
    EXPECT_NEAR(std::stod(probability), expected.at(user_id), 1e-6) << line;
    ++rows;
  }
  EXPECT_EQ(rows, expected.size());
}

TEST_F(ExplainPredictTest, RawLogsAreScoredLikeTheProcessedSnapshot) {
  auto result = ChurnRadar(
      "predict --config config.yaml --input raw --output raw.csv --reasons 0 "
      "--cutoff " +
          TestCutoff(),
      folder_->path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::map<std::string, double> expected = TestPredictions();
  std::istringstream lines(ReadTextFile(*folder_ / "raw.csv"));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "user_id,snapshot,probability,flagged,risk_band");
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string user_id, cutoff, probability;
    std::getline(fields, user_id, ',');
    std::getline(fields, cutoff, ',');
    std::getline(fields, probability, ',');
    EXPECT_EQ(cutoff, TestCutoff()) << "the cutoff the logs were read at";
    EXPECT_NEAR(std::stod(probability), expected.at(user_id), 1e-6) << line;
    ++rows;
  }
  EXPECT_EQ(rows, expected.size()) << "the same users as the test snapshot";
}

TEST_F(ExplainPredictTest, ARetrainedModelNeverShowsTheOldModelsReasons) {
  std::filesystem::path copy = folder_->path() / "retrained";
  std::filesystem::create_directories(copy);
  for (const char* name : {"config.yaml", "data", "models"}) {
    std::filesystem::copy(*folder_ / name, copy / name, std::filesystem::copy_options::recursive);
  }
  WriteTextFile(copy / "config.yaml",
                "logs:\n  path: ../raw\nchurn:\n  cohort_active_days: 30\n"
                "train:\n  bootstrap_resamples: 0\n  candidates: [logreg]\n"
                "  logreg:\n    l2: 50\n");  // a model unlike either trained before
  ASSERT_EQ(ChurnRadar("train --config config.yaml -q", copy).exit_code, 0);
  auto [user_id, probability] = *TestPredictions().begin();
  auto stale = ChurnRadar("predict --config config.yaml --user-id " + user_id, copy);
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("written for another model"));
  EXPECT_THAT(stale.err, HasSubstr("run `churn-radar explain` again"));
}

TEST_F(ExplainPredictTest, UnknownUsersAndColumnsAreClearErrors) {
  auto unknown = ChurnRadar("predict --config config.yaml --user-id no-such-user", folder_->path());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("unknown user 'no-such-user'"));
  WriteTextFile(*folder_ / "odd.csv", "user_id,age\n1,30\n");
  auto odd =
      ChurnRadar("predict --config config.yaml --input odd.csv --output out.csv", folder_->path());
  EXPECT_EQ(odd.exit_code, 1);
  EXPECT_THAT(odd.err, HasSubstr("no column 'clicks'"));
  auto usage = ChurnRadar("predict --config config.yaml --input odd.csv", folder_->path());
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace churn::e2e

// `churn-radar backtest` end to end, on the `trained` fixture's demo (four
// months: snapshots on 1 November, 1 December and 1 January): every later
// snapshot tested in turn on a model trained only before it, the last fold
// the very training `train` did, the decay of each fold's model, and clear
// answers when a backtest cannot be made.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::HasSubstr;

class BacktestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    backtested_ = new testing::CommandResult(DemoRunStep("trained", kBacktestStep));
  }
  static void TearDownTestSuite() { delete backtested_; }
  static std::filesystem::path Models() { return DemoRun("trained") / "run/models"; }
  static nlohmann::json Json(const std::string& name) {
    return nlohmann::json::parse(ReadTextFile(Models() / name));
  }

  static constexpr int kBacktestStep = 4;
  static testing::CommandResult* backtested_;
};

testing::CommandResult* BacktestTest::backtested_ = nullptr;

TEST_F(BacktestTest, EachLaterSnapshotIsTestedOnAModelTrainedBeforeIt) {
  ASSERT_EQ(backtested_->exit_code, 0) << backtested_->err;
  nlohmann::json backtest = Json("backtest.json");
  ASSERT_EQ(backtest["cutoffs"].size(), 2U) << backtest.dump(1);
  const nlohmann::json& first = backtest["cutoffs"][0];
  EXPECT_EQ(first["test_cutoff"], "2019-12-01");
  EXPECT_EQ(first["fit_cutoffs"], nlohmann::json({"2019-11-01"}));
  EXPECT_EQ(first["validation_method"], "stratified_users") << "one snapshot before it";
  const nlohmann::json& second = backtest["cutoffs"][1];
  EXPECT_EQ(second["test_cutoff"], "2020-01-01");
  EXPECT_EQ(second["fit_cutoffs"], nlohmann::json({"2019-11-01"}));
  EXPECT_EQ(second["validation_cutoffs"], nlohmann::json({"2019-12-01"}));
  ASSERT_EQ(backtest["skipped"].size(), 1U);
  EXPECT_EQ(backtest["skipped"][0]["test_cutoff"], "2019-11-01");
  for (const nlohmann::json& fold : backtest["cutoffs"]) {
    EXPECT_LE(fold["roc_auc_95"]["low"].get<double>(), fold["roc_auc"].get<double>());
    EXPECT_GE(fold["pr_auc_95"]["high"].get<double>(), fold["pr_auc"].get<double>());
    EXPECT_DOUBLE_EQ(
        fold["lead"]["recency"]["roc_auc"]["difference"].get<double>(),
        fold["roc_auc"].get<double>() - fold["baselines"]["recency"]["roc_auc"].get<double>());
    EXPECT_EQ(fold["candidates"].size(), 4U);
  }
  EXPECT_THAT(backtested_->out, HasSubstr("Rolling backtest: 2 test cutoffs in "));
  EXPECT_THAT(backtested_->out, HasSubstr(" of 2 cutoffs\n"));
}

TEST_F(BacktestTest, TheLastFoldIsTheTrainingThatTrainDid) {
  ASSERT_EQ(backtested_->exit_code, 0) << backtested_->err;
  nlohmann::json last = Json("backtest.json")["cutoffs"][1];
  nlohmann::json metrics = Json("metrics.json");
  EXPECT_EQ(last["model"], metrics["model"]);
  EXPECT_DOUBLE_EQ(last["roc_auc"].get<double>(), metrics["test"]["roc_auc"].get<double>());
  EXPECT_DOUBLE_EQ(last["pr_auc"].get<double>(), metrics["test"]["pr_auc"].get<double>());
  EXPECT_EQ(last["lead"]["recency"], metrics["lead"]["recency"]);
}

TEST_F(BacktestTest, TheSummaryAndTheDecayFollowTheFolds) {
  ASSERT_EQ(backtested_->exit_code, 0) << backtested_->err;
  nlohmann::json backtest = Json("backtest.json");
  const nlohmann::json& folds = backtest["cutoffs"];
  const nlohmann::json& summary = backtest["summary"];
  EXPECT_EQ(summary["folds"], 2);
  EXPECT_DOUBLE_EQ(summary["roc_auc"]["mean"].get<double>(),
                   (folds[0]["roc_auc"].get<double>() + folds[1]["roc_auc"].get<double>()) / 2);
  EXPECT_GT(summary["roc_auc"]["sd"].get<double>(), 0.0);
  int beaten = 0;
  for (const nlohmann::json& fold : folds) {
    beaten += fold["lead"]["recency"]["beats"].get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(summary["lead"]["recency"]["beaten"], beaten);
  // The first fold's model, scored on its own cutoff and on the next month.
  const nlohmann::json& decay = backtest["decay"][0];
  EXPECT_EQ(decay["trained_for"], "2019-12-01");
  ASSERT_EQ(decay["scored"].size(), 2U);
  EXPECT_EQ(decay["scored"][0]["days_after"], 0);
  EXPECT_DOUBLE_EQ(decay["scored"][0]["roc_auc"].get<double>(), folds[0]["roc_auc"].get<double>());
  EXPECT_EQ(decay["scored"][1]["cutoff"], "2020-01-01");
  EXPECT_EQ(decay["scored"][1]["days_after"], 31);
}

TEST_F(BacktestTest, TrainingAgainRemovesTheBacktestOfTheEarlierTraining) {
  ASSERT_EQ(backtested_->exit_code, 0) << backtested_->err;
  TempDir folder;
  std::filesystem::create_directories(folder / "again");
  std::filesystem::copy(DemoRun("trained") / "run", folder / "again",
                        std::filesystem::copy_options::recursive);
  testing::WriteTextFile(folder / "logreg.yaml",
                         "train:\n  candidates: [logreg]\n  bootstrap_resamples: 0\n");
  ASSERT_TRUE(std::filesystem::exists(folder / "again/models/backtest.json"));
  auto retrained = ChurnRadar("train --config logreg.yaml --out again -q", folder.path());
  ASSERT_EQ(retrained.exit_code, 0) << retrained.err;
  EXPECT_FALSE(std::filesystem::exists(folder / "again/models/backtest.json"))
      << "it described another training";
}

TEST(BacktestErrorsTest, ASingleSnapshotHasNothingEarlierToTrainOn) {
  TempDir folder;
  testing::WriteTextFile(folder / "one.yaml",
                         "churn:\n  cutoffs: [2019-12-01]\ntrain:\n  bootstrap_resamples: 0\n");
  ASSERT_EQ(ChurnRadar("make-dataset --demo --users 600 --months 3 --output logs -q", folder.path())
                .exit_code,
            0);
  auto featured = ChurnRadar("features --config one.yaml --logs logs --out one -q", folder.path());
  ASSERT_EQ(featured.exit_code, 0) << featured.err;
  auto result = ChurnRadar("backtest --config one.yaml --out one", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("needs two labelled snapshots or more and found 1"));
  EXPECT_FALSE(std::filesystem::exists(folder / "one/models/backtest.json"));
}

TEST(BacktestErrorsTest, WithoutFeaturesItSaysWhatToRunFirst) {
  TempDir folder;
  auto result = ChurnRadar("backtest --out nowhere", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("churn-radar features"));
}

}  // namespace
}  // namespace churn::e2e

// Progress as a user meets it (issue 16): every long command tells how far
// it has got, as plain lines when stderr is a file (the `progress` fixture's
// steps run with CHURN_RADAR_PROGRESS_SECONDS=0, so each step writes one);
// -q silences it; every command that computes takes --threads, and refuses
// a count that is not one.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kUsageError = 2;

// The fixture's steps (tests/e2e/CMakeLists.txt), from 1.
constexpr int kQuietDemo = 1;
constexpr int kRun = 2;
constexpr int kQuietTrain = 3;
constexpr int kPredictFile = 4;
constexpr int kSample = 5;
constexpr int kDemo = 6;
constexpr int kScore = 7;

const std::vector<std::string>& ComputingCommands() {
  static const std::vector<std::string> kCommands = {
      "make-dataset", "features", "train", "backtest", "explain", "score", "predict", "run"};
  return kCommands;
}

std::string StepErr(int step) {
  return DemoRunStep("progress", step).err;
}

// Plain lines for a log: no carriage return, no terminal escape.
void ExpectPlainLines(const std::string& err) {
  EXPECT_THAT(err, Not(HasSubstr("\r")));
  EXPECT_THAT(err, Not(HasSubstr("\033")));
}

constexpr std::string_view kBacktestFold =
    "\nbacktest: cutoff 2019-12-01 (2 of 2): xgboost (candidate 1 of 2): boosting: 1/30 rounds "
    "(3%)\n";

TEST(ProgressTest, RunOffATerminalWritesALineForEveryStage) {
  std::string err = StepErr(kRun);
  const std::vector<std::string> lines = {
      "\nfeatures: read ",
      "\nfeatures: making rows: 1/256 partitions (0%)\n",
      "\nfeatures: writing the tables\n",
      "\ntrain: xgboost (candidate 1 of 2): boosting: 1/30 rounds (3%)\n",
      "\ntrain: logreg (candidate 2 of 2): fitting\n",
      " fitted again on every training row: ",
      "\ntrain: evaluating on the test rows\n",
      std::string(kBacktestFold),
      "\nexplain: SHAP values: 0/",
      "\nscore: SHAP values: 0/",
      "\nscore: customer values\n",
  };
  for (const std::string& line : lines) {
    EXPECT_THAT(err, HasSubstr(line)) << err;
  }
  ExpectPlainLines(err);
}

TEST(ProgressTest, ScoringFromLogsTellsTheReadingAndTheShapValues) {
  std::string err = StepErr(kScore);
  EXPECT_THAT(err, HasSubstr("\nscore: read ")) << err;
  EXPECT_THAT(err, HasSubstr("\nscore: SHAP values: 0/")) << err;
  ExpectPlainLines(err);
}

TEST(ProgressTest, PredictingAFileTellsTheShapValues) {
  std::string err = StepErr(kPredictFile);
  EXPECT_THAT(err, HasSubstr("\npredict: SHAP values: 0/")) << err;
  ExpectPlainLines(err);
}

TEST(ProgressTest, MakeDatasetTellsTheDaysOfADemoAndTheFilesOfASample) {
  std::string demo = StepErr(kDemo);
  EXPECT_THAT(demo, HasSubstr("\nmake-dataset: day 1/31 (3%)\n")) << demo;
  EXPECT_THAT(demo, Not(HasSubstr("day 31/31"))) << "a log gets no closing line";
  std::string sample = StepErr(kSample);
  EXPECT_THAT(sample, HasSubstr("\nmake-dataset: sampling 2019-Oct.csv (1 of 3): ")) << sample;
  ExpectPlainLines(demo + sample);
}

TEST(ProgressTest, QuietLeavesNoProgress) {
  for (int step : {kQuietDemo, kQuietTrain}) {
    std::string err = StepErr(step);
    EXPECT_THAT(err, Not(HasSubstr("make-dataset: "))) << err;
    EXPECT_THAT(err, Not(HasSubstr("train: "))) << err;
    EXPECT_THAT(err, Not(HasSubstr("info: "))) << err;
  }
}

TEST(ProgressTest, EveryComputingCommandOffersThreads) {
  for (const std::string& command : ComputingCommands()) {
    auto help = ChurnRadar(command + " --help");
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_THAT(help.out, HasSubstr("--threads N")) << command;
  }
  EXPECT_THAT(ChurnRadar("serve --help").out, Not(HasSubstr("--threads")))
      << "serve's threads are its HTTP workers, server.threads";
}

nlohmann::json JsonFile(const std::filesystem::path& path) {
  return nlohmann::json::parse(churn::testing::ReadTextFile(path));
}

// The fixture's run, score and make-dataset steps passed --threads and
// succeeded; features and train take it as the config's threads, which
// their reports record.
TEST(ProgressTest, ThreadsIsTakenAsGiven) {
  TempDir folder;
  std::filesystem::copy(DemoRun("progress") / "raw", folder / "raw");
  std::filesystem::copy(DemoRun("progress") / "config.yaml", folder / "config.yaml");
  auto features = ChurnRadar("-q --config config.yaml features --threads 3", folder.path());
  ASSERT_EQ(features.exit_code, 0) << features.err;
  nlohmann::json report = JsonFile(folder / "data" / "features_report.json");
  EXPECT_EQ(report["config"]["threads"], 3);
  EXPECT_EQ(report["threads"], 3);
  auto train = ChurnRadar("-q --config config.yaml train --threads 3", folder.path());
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_EQ(JsonFile(folder / "models" / "manifest.json")["config"]["threads"], 3);
}

TEST(ProgressTest, ThreadsRefusesZeroAndWhatIsNotANumber) {
  for (const std::string& command : ComputingCommands()) {
    for (const char* value : {"0", "two", "-1", "257"}) {
      auto result = ChurnRadar(command + " --threads " + value);
      EXPECT_EQ(result.exit_code, kUsageError) << command << " " << value;
      EXPECT_THAT(result.err,
                  HasSubstr("--threads: must be a number of threads from 1 to 256, got '" +
                            std::string(value) +
                            "' (leave it out for the config's threads "
                            "settings; 0 there means every core)"))
          << command << " " << value;
      EXPECT_THAT(result.out, ::testing::IsEmpty());
    }
  }
}

}  // namespace
}  // namespace churn::e2e

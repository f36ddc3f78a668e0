// Artifacts of two runs are never mixed (issue 16, item 6): each stage that
// reads another's outputs checks the fingerprints the producing stage
// recorded, and refuses with the command that makes them agree again.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

constexpr int kRuntimeError = 1;

// A copy of the `served` fixture's demo (features, train, backtest, explain
// and a first scoring by `run`), since each test changes it.
class StaleArtifactsTest : public ::testing::Test {
 protected:
  void SetUp() override { CopyDemoRun("served", folder_.path()); }

  testing::CommandResult Run(const std::string& arguments) {
    return ChurnRadar("--config config.yaml -q " + arguments, folder_.path());
  }

  // `serve`, bounded: it runs until a signal when it does not refuse.
  testing::CommandResult Serve() {
    return testing::RunCommand("cd '" + folder_.path().string() + "' && timeout 30 '" +
                               CHURN_RADAR_BINARY "' --config config.yaml -q serve --port 0");
  }

  // The config with another churn definition, as a user edits it.
  void ChangeLabelDays() {
    std::string config = ReadTextFile(folder_ / "config.yaml");
    const std::string churn = "churn:\n";
    ASSERT_NE(config.find(churn), std::string::npos);
    config.insert(config.find(churn) + churn.size(), "  label_days: 14\n");
    WriteTextFile(folder_ / "config.yaml", config);
  }

  // The first user of the test table.
  std::string TestUser() {
    std::istringstream lines(ReadTextFile(folder_ / "data/processed_test.csv"));
    std::string line;
    std::getline(lines, line);
    std::getline(lines, line);
    return line.substr(0, line.find(','));
  }

  // Replaces one key of a JSON file of the run.
  void EditJson(const std::string& file, const std::string& key, const nlohmann::json& value) {
    nlohmann::json document = nlohmann::json::parse(ReadTextFile(folder_ / file));
    document[key] = value;
    WriteTextFile(folder_ / file, document.dump());
  }

  static void ExpectRefusal(const testing::CommandResult& result, const std::string& message) {
    EXPECT_EQ(result.exit_code, kRuntimeError) << result.err;
    EXPECT_THAT(result.err, HasSubstr(message));
  }

  TempDir folder_;
};

TEST_F(StaleArtifactsTest, NewTablesBesideTheOldModelAreRefusedNamingTrain) {
  const std::string user = TestUser();
  ChangeLabelDays();
  ASSERT_EQ(Run("features").exit_code, 0);
  const std::string refusal =
      "data/processed_train.csv changed after models/manifest.json was written, so the two come "
      "from different runs; run `churn-radar train` (or `churn-radar run`) to make them agree";
  for (const std::string& command :
       {std::string("explain"), "predict --user-id " + user,
        "predict --user-id " + user + " --from-logs",
        std::string("predict --input data/processed_test.csv --output scored.csv"),
        std::string("score")}) {
    SCOPED_TRACE(command);
    ExpectRefusal(Run(command), refusal);
  }
  ExpectRefusal(Serve(), refusal);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "scored.csv"));

  ASSERT_EQ(Run("train").exit_code, 0);
  EXPECT_EQ(Run("explain").exit_code, 0);
  EXPECT_EQ(Run("predict --user-id " + user).exit_code, 0);
}

TEST_F(StaleArtifactsTest, TablesOfAFeaturesRunStoppedHalfWayAreRefusedNamingFeatures) {
  // What a `features` stopped before its report leaves: a new test table
  // beside the report (and the train table) of the run before.
  std::string table = ReadTextFile(folder_ / "data/processed_test.csv");
  table.erase(table.rfind('\n', table.size() - 2) + 1);  // one row fewer
  WriteTextFile(folder_ / "data/processed_test.csv", table);
  const std::string refusal =
      "data/processed_test.csv changed after data/features_report.json was written, so the two "
      "come from different runs; run `churn-radar features` (or `churn-radar run`)";
  ExpectRefusal(Run("train"), refusal);
  ExpectRefusal(Run("backtest"), refusal);
  EXPECT_TRUE(std::filesystem::exists(folder_ / "models/metrics.json")) << "nothing replaced";
}

TEST_F(StaleArtifactsTest, ReportsOfATrainStoppedBeforeItsModelAreRefusedNamingTrain) {
  // `train` writes its reports, then the model: one stopped between the two
  // leaves new reports beside the old manifest.
  EditJson("models/metrics.json", "model", "xgboost_of_another_run");
  ExpectRefusal(Serve(), "models/metrics.json changed after models/manifest.json was written");
  EditJson("models/drift_reference.json", "rows", 1);
  ExpectRefusal(Run("score"),
                "models/drift_reference.json changed after models/manifest.json was written, so "
                "the two come from different runs; run `churn-radar train`");
}

TEST_F(StaleArtifactsTest, AManifestOfAnotherModelIsRefusedNamingTrain) {
  // A train stopped between model.json and manifest.json.
  const std::string manifest = ReadTextFile(folder_ / "models/manifest.json");
  ChangeLabelDays();
  ASSERT_EQ(Run("features").exit_code, 0);
  ASSERT_EQ(Run("train").exit_code, 0);
  WriteTextFile(folder_ / "models/manifest.json", manifest);
  ExpectRefusal(Run("predict --user-id " + TestUser()),
                "models/manifest.json: describes another model than models/model.json (a train "
                "was stopped between the two); run `churn-radar train`");
}

TEST_F(StaleArtifactsTest, ASummaryOfAnotherModelIsNotServed) {
  // An explain stopped between its summary and its store, then a train.
  EditJson("models/shap_summary.json", "model_digest", "0123456789abcdef");
  ExpectRefusal(Serve(),
                "models/shap_summary.json: explains another model than models/model.json; run "
                "`churn-radar explain`");
}

}  // namespace
}  // namespace churn::e2e

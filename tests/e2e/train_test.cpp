// `churn-radar train` end to end, on generated logs: every artifact, honest
// figures (the model beats the recency-only baseline out of time), the same
// model from the same data, and clear errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::HasSubstr;

// The `trained` fixture's demo (tests/fixtures/demo_runs/trained.yaml), read
// in place: made, featured and trained once per ctest run.
class TrainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    trained_ = new testing::CommandResult(DemoRunStep("trained", kTrainStep));
  }
  static void TearDownTestSuite() { delete trained_; }
  static std::filesystem::path Models() { return DemoRun("trained") / "run/models"; }
  static nlohmann::json Json(const std::string& name) {
    return nlohmann::json::parse(ReadTextFile(Models() / name));
  }

  static constexpr int kTrainStep = 3;
  static testing::CommandResult* trained_;
};

testing::CommandResult* TrainTest::trained_ = nullptr;

TEST_F(TrainTest, WritesEveryArtifact) {
  ASSERT_EQ(trained_->exit_code, 0) << trained_->err;
  for (const char* name :
       {"model.json", "manifest.json", "metrics.json", "curves.json", "candidates_report.csv",
        "feature_importances.csv", "test_predictions.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(Models() / name)) << name;
  }
  nlohmann::json model = Json("model.json");
  EXPECT_TRUE(model.contains("learner") || model.value("kind", "") == "logreg")
      << "XGBoost's own format, or the logistic model's";
  nlohmann::json manifest = Json("manifest.json");
  for (const char* key :
       {"model_type", "features", "feature_hash", "threshold", "calibration", "config", "inputs",
        "outputs", "model_digest", "versions", "created_at"}) {
    EXPECT_TRUE(manifest.contains(key)) << key;
  }
  EXPECT_EQ(manifest["inputs"].size(), 3U)
      << "processed_train.csv, processed_test.csv and feature_columns.json";
  EXPECT_EQ(manifest["outputs"].size(), 6U) << "the reports beside the model";
  EXPECT_THAT(trained_->out, HasSubstr("<- chosen on validation PR-AUC"));
  EXPECT_THAT(trained_->out, HasSubstr(" rows of the latest training snapshot\n"));
  EXPECT_THAT(trained_->err, HasSubstr("validating on"));
  EXPECT_THAT(trained_->err, HasSubstr("(latest_snapshot)"));
}

TEST_F(TrainTest, TheModelBeatsTheRecencyBaselineOutOfTime) {
  ASSERT_EQ(trained_->exit_code, 0) << trained_->err;
  nlohmann::json metrics = Json("metrics.json");
  nlohmann::json test = metrics["test"];
  EXPECT_GT(test["pr_auc"].get<double>(), metrics["baseline_recency"]["pr_auc"].get<double>());
  EXPECT_GT(test["roc_auc"].get<double>(), 0.7);
  EXPECT_LE(test["roc_auc_95"]["low"].get<double>(), test["roc_auc"].get<double>());
  EXPECT_GE(test["roc_auc_95"]["high"].get<double>(), test["roc_auc"].get<double>());
  EXPECT_EQ(metrics["candidates"].size(), 4U) << "trained.yaml names the blend too";
  EXPECT_TRUE(metrics["candidates"]["blend"]["validation"]["pr_auc"].is_number());
  // The lead over recency, its paired interval holding the difference.
  nlohmann::json lead = metrics["lead"]["recency"];
  EXPECT_DOUBLE_EQ(lead["pr_auc"]["model"].get<double>(), test["pr_auc"].get<double>());
  EXPECT_DOUBLE_EQ(lead["pr_auc"]["baseline"].get<double>(),
                   metrics["baseline_recency"]["pr_auc"].get<double>());
  EXPECT_LE(lead["pr_auc"]["low"].get<double>(), lead["pr_auc"]["difference"].get<double>());
  EXPECT_GE(lead["pr_auc"]["high"].get<double>(), lead["pr_auc"]["difference"].get<double>());
  EXPECT_EQ(lead["beats"].get<bool>(),
            lead["roc_auc"]["low"].get<double>() > 0 && lead["pr_auc"]["low"].get<double>() > 0);
  EXPECT_TRUE(metrics["refit"].get<bool>());
  EXPECT_TRUE(metrics["baseline_recency"]["log_loss"].is_null()) << "recency is no probability";
  nlohmann::json curves = Json("curves.json");
  std::int64_t binned = 0;
  for (const nlohmann::json& bin : curves["calibration"]) {
    binned += bin["count"].get<std::int64_t>();
  }
  EXPECT_EQ(binned, test["rows"].get<std::int64_t>()) << "every test user in one bin";
  EXPECT_EQ(curves["roc"].front()["tpr"].get<double>(), 0.0);
  EXPECT_EQ(curves["roc"].back()["tpr"].get<double>(), 1.0);
}

TEST_F(TrainTest, TheBgNbdBaselineStandsBesideRecency) {
  ASSERT_EQ(trained_->exit_code, 0) << trained_->err;
  nlohmann::json metrics = Json("metrics.json");
  nlohmann::json bgnbd = metrics["baseline_bgnbd"];
  ASSERT_TRUE(bgnbd.is_object()) << metrics.dump();
  EXPECT_EQ(bgnbd["rows"], metrics["test"]["rows"]);
  EXPECT_GT(bgnbd["roc_auc"].get<double>(), 0.5) << "1 - P(alive) ranks churners above chance";
  EXPECT_GT(metrics["test"]["roc_auc"].get<double>(), bgnbd["roc_auc"].get<double>());
  EXPECT_TRUE(bgnbd["log_loss"].is_null());
  nlohmann::json columns = Json("feature_columns.json");
  std::vector<std::string> cutoffs;
  for (const nlohmann::json& model : columns["value_models"]) {
    cutoffs.push_back(model["cutoff"].get<std::string>());
    EXPECT_EQ(model["time_unit"], "day");
  }
  for (const char* role : {"fit", "validation", "test"}) {
    for (const nlohmann::json& cutoff : metrics["snapshots"][role]) {
      EXPECT_NE(std::find(cutoffs.begin(), cutoffs.end(), cutoff.get<std::string>()), cutoffs.end())
          << role << " snapshot " << cutoff << " has its value model";
    }
  }
}

TEST_F(TrainTest, ACampaignCanWeighEachChurnerByTheirOwnValue) {
  ASSERT_EQ(trained_->exit_code, 0) << trained_->err;
  TempDir folder;
  std::filesystem::create_directories(folder / "valued/models");
  std::filesystem::copy(DemoRun("trained") / "run/data", folder / "valued/data");
  std::filesystem::copy(Models() / "feature_columns.json",
                        folder / "valued/models/feature_columns.json");
  testing::WriteTextFile(folder / "valued.yaml",
                         "train:\n  candidates: [logreg]\n  bootstrap_resamples: 0\n"
                         "  campaign:\n    customer_value: true\n    retained_value: 0\n");
  auto valued = ChurnRadar("train --config valued.yaml --out valued -q", folder.path());
  ASSERT_EQ(valued.exit_code, 0) << valued.err;
  nlohmann::json curves = nlohmann::json::parse(ReadTextFile(folder / "valued/models/curves.json"));
  EXPECT_EQ(curves["campaign"]["customer_value"], true);
  const nlohmann::json& everyone = curves["threshold_sweep"][0];
  EXPECT_GT(
      everyone["expected_profit"].get<double>() +
          everyone["flagged"].get<double>() * curves["campaign"]["contact_cost"].get<double>(),
      0.0)
      << "churners are worth their own values although retained_value is 0";
}

TEST_F(TrainTest, TestPredictionsAgreeWithTheThreshold) {
  ASSERT_EQ(trained_->exit_code, 0) << trained_->err;
  double threshold = Json("manifest.json")["threshold"].get<double>();
  std::string text = ReadTextFile(Models() / "test_predictions.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')), "user_id,snapshot,probability,label,churn");
  std::istringstream lines(text.substr(text.find('\n') + 1));
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, ',');) {
      fields.push_back(field);
    }
    ASSERT_EQ(fields.size(), 5U) << line;
    EXPECT_EQ(fields[3] == "1", std::stod(fields[2]) >= threshold) << line;
    ++rows;
  }
  EXPECT_EQ(rows, Json("metrics.json")["test"]["rows"].get<int>());
}

TEST_F(TrainTest, TheSameDataAndConfigGiveTheSameModelAndMetrics) {
  ASSERT_EQ(trained_->exit_code, 0) << trained_->err;
  std::string model = ReadTextFile(Models() / "model.json");
  std::string metrics = ReadTextFile(Models() / "metrics.json");
  TempDir folder;
  std::filesystem::copy(DemoRun("trained") / "config.yaml", folder / "config.yaml");
  std::filesystem::create_directories(folder / "again/models");
  std::filesystem::copy(DemoRun("trained") / "run/data", folder / "again/data");
  std::filesystem::copy(Models() / "feature_columns.json",
                        folder / "again/models/feature_columns.json");
  auto retrained = ChurnRadar("train --config config.yaml --out again -q", folder.path());
  ASSERT_EQ(retrained.exit_code, 0) << retrained.err;
  EXPECT_EQ(ReadTextFile(folder / "again/models/model.json"), model);
  nlohmann::json first = nlohmann::json::parse(metrics);
  nlohmann::json second = nlohmann::json::parse(ReadTextFile(folder / "again/models/metrics.json"));
  for (auto* figures : {&first, &second}) {
    for (auto& [name, candidate] : (*figures)["candidates"].items()) {
      candidate.erase("fit_seconds");  // the one figure that is a measurement of this run
    }
  }
  EXPECT_EQ(first, second);
}

TEST(TrainErrorsTest, WithoutFeaturesItSaysWhatToRunFirst) {
  TempDir folder;
  auto result = ChurnRadar("train --out nowhere", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("feature_columns.json"));
  EXPECT_THAT(result.err, HasSubstr("churn-radar features"));
}

}  // namespace
}  // namespace churn::e2e

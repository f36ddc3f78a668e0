// The rolling backtest over HTTP: a copy of the `served` fixture's models
// folder with a hand-written backtest.json (or none, or a broken one), so
// that GET /api/backtest can be checked against the file, the absent case
// against its 404, and a malformed file against the error that stops the
// start. /api/metrics passes the model's lead over the baselines through.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "dataset/artifact_lineage.h"
#include "errors/error.h"
#include "model/model_bundle.h"
#include "report/report_files.h"
#include "server/running_server.h"
#include "server/served_artifacts.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// A model's lead over one baseline, as metrics.json and backtest.json write it.
json FixtureLead(const std::string& baseline, double difference, double low, bool beats) {
  return {{"baseline", baseline},
          {"roc_auc",
           {{"model", 0.82},
            {"baseline", 0.82 - difference},
            {"difference", difference},
            {"low", low},
            {"high", difference + 0.01}}},
          {"pr_auc",
           {{"model", 0.57},
            {"baseline", 0.57 - difference},
            {"difference", difference},
            {"low", low},
            {"high", difference + 0.01}}},
          {"beats", beats},
          {"verdict", beats ? "beats the " + baseline + " baseline"
                            : "does not clearly beat the " + baseline + " baseline"}};
}

// Two folds and one skipped cutoff, in the shape `churn-radar backtest` writes.
json FixtureBacktest() {
  json folds = json::array();
  for (const char* cutoff : {"2019-12-01", "2020-01-01"}) {
    folds.push_back(
        {{"test_cutoff", cutoff},
         {"fit_cutoffs", {"2019-11-01"}},
         {"validation_cutoffs", {"2019-11-01"}},
         {"validation_method", "stratified_users"},
         {"model", "xgboost"},
         {"rows", 1000},
         {"churners", 300},
         {"prevalence", 0.3},
         {"roc_auc", 0.81},
         {"pr_auc", 0.57},
         {"baselines", {{"recency", {{"roc_auc", 0.77}, {"pr_auc", 0.52}}}}},
         {"lead", {{"recency", FixtureLead("recency", 0.04, 0.02, true)}, {"bgnbd", nullptr}}},
         {"candidates", json::array()},
         {"seconds", 3.2}});
  }
  json stats = {{"mean", 0.81}, {"sd", 0.0}, {"min", 0.81}, {"max", 0.81}};
  return {
      {"cutoffs", folds},
      {"skipped", {{{"test_cutoff", "2019-11-01"}, {"reason", "no earlier snapshot to train on"}}}},
      {"summary",
       {{"folds", 2},
        {"roc_auc", stats},
        {"pr_auc", stats},
        {"lead",
         {{"recency", {{"roc_auc", stats}, {"pr_auc", stats}, {"beaten", 2}}},
          {"bgnbd", nullptr}}}}},
      {"decay", json::array()},
      {"seconds", 7.9}};
}

dataset::OutputLayout LayoutOf(const std::filesystem::path& models) {
  return {.data_dir = {}, .models_dir = models, .scores_dir = models.parent_path() / "scores"};
}

class BacktestApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(CHURN_SERVED_MODELS))
        << CHURN_SERVED_MODELS << " is missing: ctest's `served` fixture makes it";
    std::filesystem::copy(CHURN_SERVED_MODELS, models(), std::filesystem::copy_options::recursive);
    // The served demo has one once `run` makes it; each case decides here.
    std::filesystem::remove(models() / report::kBacktestFile);
  }

  std::filesystem::path models() const { return folder_ / "models"; }

  void WriteBacktest(const std::string& text) const {
    testing::WriteTextFile(models() / report::kBacktestFile, text);
  }

  // Loads the copy and serves it.
  void Serve() {
    artifacts_ = ServedArtifacts::Load(LayoutOf(models()), "test");
    assets_ = std::make_unique<WebAssets>(WebAssets::Load(CHURN_WEB_ROOT));
    server_ = std::make_unique<RunningServer>(*artifacts_, *assets_, AccessPolicy());
  }

  testing::TempDir folder_;
  std::unique_ptr<const ServedArtifacts> artifacts_;
  std::unique_ptr<WebAssets> assets_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(BacktestApiTest, ServesBacktestJsonAsWritten) {
  WriteBacktest(FixtureBacktest().dump(2));
  Serve();
  ASSERT_TRUE(artifacts_->backtest_json().has_value());
  json served = OkJson(server_->Get("/api/backtest"));
  EXPECT_EQ(served, FixtureBacktest());
  EXPECT_EQ(served.at("cutoffs").size(), 2U);
  EXPECT_EQ(served.at("cutoffs").at(1).at("test_cutoff"), "2020-01-01");
  EXPECT_EQ(served.at("skipped").at(0).at("reason"), "no earlier snapshot to train on");
}

TEST_F(BacktestApiTest, ABacktestOfTheModelsSettingsAndTablesIsServedAndNoOther) {
  json manifest = json::parse(testing::ReadTextFile(models() / "manifest.json"));
  json backtest = FixtureBacktest();
  backtest["training_config"] = manifest.at("config");
  backtest["inputs"] = manifest.at("inputs");
  backtest["training_config"]["threads"] = 7;  // changes no figure
  WriteBacktest(backtest.dump());
  Serve();
  EXPECT_TRUE(artifacts_->backtest_json().has_value());

  backtest["training_config"]["candidates"] = json::array({"logreg"});
  WriteBacktest(backtest.dump());
  Serve();
  EXPECT_FALSE(artifacts_->backtest_json().has_value()) << "made with other candidates";
  EXPECT_THAT(ErrorMessage(server_->Get("/api/backtest"), 404),
              HasSubstr("no rolling backtest yet"));

  backtest["training_config"] = manifest.at("config");
  backtest["inputs"][0]["crc32"] = "00000000";
  WriteBacktest(backtest.dump());
  Serve();
  EXPECT_FALSE(artifacts_->backtest_json().has_value()) << "made on other tables";
}

TEST_F(BacktestApiTest, WithoutTheFileTheRouteIs404NamingTheCommand) {
  Serve();
  EXPECT_FALSE(artifacts_->backtest_json().has_value());
  std::string message = ErrorMessage(server_->Get("/api/backtest"), 404);
  EXPECT_THAT(message, HasSubstr("no rolling backtest yet"));
  EXPECT_THAT(message, HasSubstr("`churn-radar backtest`"));
  // The rest of the API is unaffected, the test snapshot's list included.
  EXPECT_EQ(OkJson(server_->Get("/api/health")).at("status"), "ok");
  EXPECT_FALSE(OkJson(server_->Get("/api/backtest/users?top=1")).at("users").empty());
}

TEST_F(BacktestApiTest, AFileThatIsNotJsonStopsTheStartNamingIt) {
  WriteBacktest(R"({"cutoffs": [)");
  try {
    ServedArtifacts::Load(LayoutOf(models()), "test");
    FAIL() << "a truncated backtest.json was served";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr((models() / report::kBacktestFile).string()));
    EXPECT_THAT(error.what(), HasSubstr("not valid JSON"));
    EXPECT_THAT(error.what(), HasSubstr("churn-radar backtest"));
  }
}

TEST_F(BacktestApiTest, AFileWithoutCutoffsStopsTheStartNamingIt) {
  for (const char* text : {R"({"summary": {"folds": 0}})", R"({"cutoffs": {}})", "[]"}) {
    WriteBacktest(text);
    try {
      ServedArtifacts::Load(LayoutOf(models()), "test");
      ADD_FAILURE() << "served a backtest.json of " << text;
    } catch (const InputError& error) {
      EXPECT_THAT(error.what(), HasSubstr((models() / report::kBacktestFile).string())) << text;
      EXPECT_THAT(error.what(), HasSubstr(R"("cutoffs" list)")) << text;
    }
  }
}

// The manifest's fingerprint of `report` made again, as if `train` had
// written the edited file: the server serves only the reports of its model.
void RecordAsTrainsOwn(const std::filesystem::path& report) {
  std::filesystem::path manifest_path = report.parent_path() / model::kManifestFileName;
  json manifest = json::parse(testing::ReadTextFile(manifest_path));
  for (json& recorded : manifest.at("outputs")) {
    std::filesystem::path recorded_path = recorded.at("path").get<std::string>();
    if (recorded_path.filename() == report.filename()) {
      recorded = dataset::FileFingerprints({report}).at(0);
    }
  }
  testing::WriteTextFile(manifest_path, manifest.dump());
}

TEST_F(BacktestApiTest, MetricsCarryTheLeadOverTheBaselines) {
  std::filesystem::path metrics_path = models() / report::kMetricsFile;
  json metrics = json::parse(testing::ReadTextFile(metrics_path));
  json lead = {{"recency", FixtureLead("recency", 0.048, 0.045, true)},
               {"bgnbd", FixtureLead("bgnbd", 0.004, -0.003, false)}};
  metrics["lead"] = lead;
  testing::WriteTextFile(metrics_path, metrics.dump());
  RecordAsTrainsOwn(metrics_path);
  Serve();
  json served = OkJson(server_->Get("/api/metrics"));
  EXPECT_EQ(served.at("lead"), lead);
  EXPECT_FALSE(served.at("lead").at("bgnbd").at("beats").get<bool>());
  EXPECT_DOUBLE_EQ(served.at("lead").at("bgnbd").at("pr_auc").at("low").get<double>(), -0.003);
}

// The served demo itself: its backtest.json when `run` made one, else the 404.
TEST(BacktestApiServedDemoTest, AnswersWhatTheServedDemoHas) {
  ASSERT_TRUE(std::filesystem::exists(CHURN_SERVED_MODELS));
  std::unique_ptr<const ServedArtifacts> artifacts =
      ServedArtifacts::Load(LayoutOf(CHURN_SERVED_MODELS), "test");
  WebAssets assets = WebAssets::Load(CHURN_WEB_ROOT);
  RunningServer server(*artifacts, assets, AccessPolicy());
  std::filesystem::path file = std::filesystem::path(CHURN_SERVED_MODELS) / report::kBacktestFile;
  if (std::filesystem::exists(file)) {
    EXPECT_EQ(OkJson(server.Get("/api/backtest")), json::parse(testing::ReadTextFile(file)));
  } else {
    EXPECT_THAT(ErrorMessage(server.Get("/api/backtest"), 404), HasSubstr("churn-radar backtest"));
  }
}

}  // namespace
}  // namespace churn::server

#include "training/training_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "errors/error.h"
#include "model/model_bundle.h"
#include "report/drift_reference.h"
#include "report/report_files.h"
#include "report/trained_output.h"
#include "testing/temp_dir.h"

namespace churn::training {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::ElementsAre;

TrainingSettings SmallTraining() {
  TrainingSettings settings;
  settings.train.candidates = {"xgboost", "logreg", "xgboost_leafwise"};
  settings.train.xgboost.rounds = 20;
  settings.train.xgboost_leafwise.rounds = 20;
  settings.train.threads = 2;
  settings.report.bootstrap_resamples = 20;
  return settings;
}

nlohmann::json ReadJson(const std::filesystem::path& path) {
  return nlohmann::json::parse(ReadTextFile(path));
}

// The training rows' distributions, for the drift of later scorings.
void ExpectDriftReference(const dataset::OutputLayout& output, const TrainingOutcome& outcome) {
  report::DriftReference reference =
      report::ReadDriftReference(output.models_dir / report::kDriftReferenceFile);
  EXPECT_EQ(reference.rows, static_cast<std::size_t>(outcome.fit_rows + outcome.validation_rows))
      << "the fitted and validation rows, never the test's";
  model::ModelBundle bundle = model::LoadModelBundle(output.models_dir, [&] {
    return dataset::ReadFeatureColumns(output.models_dir / dataset::kFeatureColumnsFile);
  }());
  EXPECT_EQ(reference.features, bundle.features);
  ASSERT_EQ(reference.feature_bins.size(), bundle.features.size());
  for (const metrics::StabilityBins& bins : reference.feature_bins) {
    double total = 0;
    for (double share : bins.expected) {
      total += share;
    }
    EXPECT_NEAR(total, 1.0, 1e-9);
  }
  EXPECT_GE(reference.score_bins.upper_edges.size(), 5U) << "deciles of calibrated scores";
  std::filesystem::remove(output.models_dir / report::kDriftReferenceFile);
  EXPECT_THAT(
      [&] { report::ReadDriftReference(output.models_dir / report::kDriftReferenceFile); },
      ::testing::ThrowsMessage<InputError>(::testing::HasSubstr("run `churn-radar train`")));
}

class TrainingRunTest : public ::testing::Test {
 protected:
  void SetUp() override { report::testing::WriteSyntheticTables(output_); }

  TempDir folder_;
  dataset::OutputLayout output_ = dataset::OutputLayout::Under(folder_.path());
};

TEST_F(TrainingRunTest, FitsOnTheEarlierSnapshotAndValidatesOnTheLatest) {
  TrainingOutcome outcome = RunTraining(SmallTraining(), output_, "1.2.3");
  EXPECT_EQ(outcome.validation_method, "latest_snapshot");
  EXPECT_EQ(outcome.fit_rows, static_cast<std::int64_t>(report::testing::kRowsPerSnapshot));
  EXPECT_EQ(outcome.validation_rows, static_cast<std::int64_t>(report::testing::kRowsPerSnapshot));
  EXPECT_EQ(outcome.test.rows, static_cast<std::int64_t>(report::testing::kRowsPerSnapshot));
  EXPECT_EQ(outcome.calibration, "platt");
  nlohmann::json metrics = ReadJson(output_.models_dir / report::kMetricsFile);
  EXPECT_THAT(metrics["snapshots"]["fit"], ElementsAre("2019-11-01"));
  EXPECT_THAT(metrics["snapshots"]["validation"], ElementsAre("2019-12-01"));
  EXPECT_THAT(metrics["snapshots"]["test"], ElementsAre(report::testing::kTestCutoff));
  EXPECT_EQ(metrics["validation"]["method"], "latest_snapshot");
  EXPECT_EQ(metrics["fit_rows"], outcome.fit_rows);
  EXPECT_EQ(metrics["calibration"], "platt");
}

// The list of tasks a training reports, each once in a row.
struct ReportedTasks {
  std::vector<std::string> tasks;
  progress::Reporter Reporter() {
    return progress::Reporter([this](const progress::Step& step) {
      if (tasks.empty() || tasks.back() != step.task) {
        tasks.emplace_back(step.task);
      }
    });
  }
};

// Also what `train` shows while it runs (one training serves both, to keep
// the suite quick): each candidate's fit by name and place, the refit of
// the winner, then the test rows.
TEST_F(TrainingRunTest, TheChosenCandidateIsTheBestOnValidation) {
  ReportedTasks reported;
  TrainingOutcome outcome = RunTraining(SmallTraining(), output_, "1.2.3", reported.Reporter());
  ASSERT_EQ(outcome.candidates.size(), 3U);
  ASSERT_TRUE(outcome.refitted);
  std::string winner = outcome.candidates[outcome.chosen].name;
  std::string refit = winner + " fitted again on every training row: " +
                      (winner == "logreg" ? "fitting" : "boosting");
  EXPECT_THAT(reported.tasks, ElementsAre("xgboost (candidate 1 of 3): boosting",
                                          "logreg (candidate 2 of 3): fitting",
                                          "xgboost_leafwise (candidate 3 of 3): boosting", refit,
                                          "evaluating on the test rows"));
  nlohmann::json metrics = ReadJson(output_.models_dir / report::kMetricsFile);
  std::string chosen = metrics["model"];
  EXPECT_EQ(chosen, outcome.candidates[outcome.chosen].name);
  double best = metrics["candidates"][chosen]["validation"]["pr_auc"];
  for (const auto& [name, figures] : metrics["candidates"].items()) {
    EXPECT_LE(figures["validation"]["pr_auc"].get<double>(), best) << name;
  }
  EXPECT_EQ(metrics["test"]["threshold"], model::ReadManifest(output_.models_dir)["threshold"]);
  EXPECT_EQ(metrics["test"]["rows"], outcome.test.rows);
  EXPECT_EQ(metrics["baseline_recency"]["rows"], outcome.test.rows);
  EXPECT_TRUE(metrics["baseline_bgnbd"].is_null()) << "the tables have no value models";
  EXPECT_FALSE(outcome.baseline_bgnbd);
}

TEST_F(TrainingRunTest, ACampaignByCustomerValueNeedsTheValueModels) {
  TrainingSettings settings = SmallTraining();
  settings.report.campaign.customer_value = true;
  EXPECT_THAT([&] { RunTraining(settings, output_, "1.2.3"); },
              ::testing::ThrowsMessage<InputError>(::testing::HasSubstr(
                  "train.campaign.customer_value needs a customer-value model at every snapshot")));
  EXPECT_FALSE(std::filesystem::exists(output_.models_dir / report::kMetricsFile))
      << "nothing written";
}

TEST_F(TrainingRunTest, WritesTheBundleAndEveryReport) {
  TrainingOutcome outcome = RunTraining(SmallTraining(), output_, "1.2.3");
  for (const char* name : {model::kModelFileName, model::kManifestFileName, report::kMetricsFile,
                           report::kCurvesFile, report::kCandidatesReportFile,
                           report::kFeatureImportancesFile, report::kTestPredictionsFile}) {
    EXPECT_TRUE(std::filesystem::exists(output_.models_dir / name)) << name;
  }
  std::string predictions = ReadTextFile(output_.models_dir / report::kTestPredictionsFile);
  EXPECT_EQ(std::count(predictions.begin(), predictions.end(), '\n'), outcome.test.rows + 1);
  std::string candidates = ReadTextFile(output_.models_dir / report::kCandidatesReportFile);
  EXPECT_EQ(std::count(candidates.begin(), candidates.end(), '\n'), 4);
  nlohmann::json manifest = model::ReadManifest(output_.models_dir);
  EXPECT_EQ(manifest["versions"]["churn_radar"], "1.2.3");
  EXPECT_EQ(manifest["model_type"], outcome.candidates[outcome.chosen].name);
  // The two tables and feature_columns.json, and the reports, which every
  // reader compares with the files at hand (dataset/artifact_lineage.h).
  EXPECT_EQ(manifest["inputs"], dataset::FileFingerprints(dataset::FeatureTableFiles(output_)));
  ASSERT_EQ(manifest["outputs"].size(), 6U);
  EXPECT_EQ(manifest["outputs"][0],
            dataset::FileFingerprints({output_.models_dir / report::kMetricsFile})[0]);
  EXPECT_NO_THROW(dataset::RequireTrainedOn(output_, output_.models_dir / model::kManifestFileName,
                                            {output_.models_dir / report::kMetricsFile,
                                             output_.models_dir / report::kDriftReferenceFile}));
  EXPECT_FALSE(manifest.contains("features_config")) << "no features report, nothing to copy";
  ExpectDriftReference(output_, outcome);  // one training for both: it is slow under ASan
}

TEST_F(TrainingRunTest, TheManifestRecordsTheFeaturesConfigBehindTheTables) {
  churn::testing::WriteTextFile(
      output_.data_dir / dataset::kFeaturesReportFile,
      R"({"config": {"churn": {"cohort_active_days": 30, "qualifying_event": "purchase"}}})");
  RunTraining(SmallTraining(), output_, "1.2.3");
  nlohmann::json manifest = model::ReadManifest(output_.models_dir);
  EXPECT_EQ(manifest["features_config"]["churn"]["cohort_active_days"], 30);
  EXPECT_EQ(manifest["features_config"]["churn"]["qualifying_event"], "purchase");
  EXPECT_EQ(manifest["config"]["candidates"].size(), 3U);
}

TEST_F(TrainingRunTest, TablesOfAFeaturesRunStoppedHalfWayAreRefused) {
  nlohmann::json report = {
      {"outputs", dataset::FileFingerprints(dataset::FeatureTableFiles(output_))}};
  churn::testing::WriteTextFile(output_.data_dir / dataset::kFeaturesReportFile, report.dump());
  std::string table = ReadTextFile(output_.data_dir / dataset::kProcessedTrainFile);
  churn::testing::WriteTextFile(output_.data_dir / dataset::kProcessedTrainFile,
                                table + table.substr(table.find('\n') + 1));
  EXPECT_THAT([&] { RunTraining(SmallTraining(), output_, "1.2.3"); },
              ::testing::ThrowsMessage<InputError>(
                  ::testing::HasSubstr("processed_train.csv changed after")));
  EXPECT_FALSE(std::filesystem::exists(output_.models_dir / model::kManifestFileName));
}

TEST_F(TrainingRunTest, MissingTablesSayWhatToRun) {
  std::filesystem::remove(output_.data_dir / dataset::kProcessedTestFile);
  EXPECT_THAT([&] { RunTraining(SmallTraining(), output_, "1.2.3"); },
              ::testing::ThrowsMessage<Error>(::testing::HasSubstr(dataset::kProcessedTestFile)));
}

}  // namespace
}  // namespace churn::training

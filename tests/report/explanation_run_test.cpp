#include "report/explanation_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "dataset/artifact_lineage.h"
#include "errors/error.h"
#include "explain/shap_store.h"
#include "explain/shap_summary.h"
#include "model/model_bundle.h"
#include "report/trained_output.h"
#include "testing/temp_dir.h"

namespace churn::report {
namespace {

using churn::testing::TempDir;

TEST(ExplanationRunTest, ExplainsEveryTestUserAndSummarises) {
  TempDir folder;
  dataset::OutputLayout output = dataset::OutputLayout::Under(folder.path());
  testing::WriteSyntheticTables(output);
  testing::SaveLogisticBundle(output);

  ExplanationOutcome outcome = ExplainTestSnapshot(output, {.threads = 1, .seed = 42});
  EXPECT_EQ(outcome.model_type, "logreg");
  EXPECT_EQ(outcome.users, testing::kRowsPerSnapshot);
  ASSERT_EQ(outcome.top_features.size(), model::testing::kSyntheticFeatures.size())
      << "five features, fewer than the ten shown";
  for (std::size_t idx = 1; idx < outcome.top_features.size(); ++idx) {
    EXPECT_GE(outcome.top_features[idx - 1].second, outcome.top_features[idx].second);
  }
  EXPECT_EQ(outcome.top_features.back().first, "has_account")
      << "a constant column explains nothing";
  EXPECT_EQ(outcome.top_features.back().second, 0.0);

  dataset::FeatureColumns columns =
      dataset::ReadFeatureColumns(output.models_dir / dataset::kFeatureColumnsFile);
  model::ModelBundle bundle = model::LoadModelBundle(output.models_dir, columns);
  explain::ShapStore store = explain::ShapStore::Open(
      output.models_dir / explain::kShapStoreFileName, bundle.digest, columns.names);
  EXPECT_EQ(store.size(), testing::kRowsPerSnapshot);
  EXPECT_TRUE(store.Find("user0").has_value());
  EXPECT_TRUE(std::filesystem::exists(output.models_dir / explain::kShapSummaryFile));
}

TEST(ExplanationRunTest, WithoutAModelThereIsNothingToExplain) {
  TempDir folder;
  dataset::OutputLayout output = dataset::OutputLayout::Under(folder.path());
  testing::WriteSyntheticTables(output);
  EXPECT_THROW(ExplainTestSnapshot(output, {}), Error);
}

TEST(ExplanationRunTest, TheSummaryNamesTheModelItExplains) {
  TempDir folder;
  dataset::OutputLayout output = dataset::OutputLayout::Under(folder.path());
  testing::WriteSyntheticTables(output);
  testing::SaveLogisticBundle(output);
  ExplainTestSnapshot(output, {.threads = 1, .seed = 42});
  dataset::FeatureColumns columns =
      dataset::ReadFeatureColumns(output.models_dir / dataset::kFeatureColumnsFile);
  nlohmann::json summary = nlohmann::json::parse(
      churn::testing::ReadTextFile(output.models_dir / explain::kShapSummaryFile));
  EXPECT_EQ(summary[kShapSummaryModelKey],
            model::LoadModelBundle(output.models_dir, columns).digest);
}

TEST(ExplanationRunTest, TablesTheModelWasNotTrainedOnAreRefusedNamingTrain) {
  TempDir folder;
  dataset::OutputLayout output = dataset::OutputLayout::Under(folder.path());
  testing::WriteSyntheticTables(output);
  testing::SaveLogisticBundle(output);
  // The manifest of a model trained on other tables (as `train` records them).
  nlohmann::json manifest = model::ReadManifest(output.models_dir);
  manifest["inputs"] = dataset::FileFingerprints(dataset::FeatureTableFiles(output));
  manifest["inputs"][1]["crc32"] = "00000000";
  churn::testing::WriteTextFile(output.models_dir / model::kManifestFileName, manifest.dump());
  EXPECT_THAT([&] { ExplainTestSnapshot(output, {.threads = 1, .seed = 42}); },
              ::testing::ThrowsMessage<InputError>(::testing::HasSubstr(
                  "processed_test.csv changed after " +
                  (output.models_dir / model::kManifestFileName).string() +
                  " was written, so the two come from different runs; run `churn-radar train`")));
  EXPECT_FALSE(std::filesystem::exists(output.models_dir / explain::kShapStoreFileName));
}

}  // namespace
}  // namespace churn::report

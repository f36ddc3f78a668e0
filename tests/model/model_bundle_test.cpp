#include "model/model_bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "model/boosted_trees.h"
#include "model/logistic_regression.h"
#include "synthetic_churn_rows.h"
#include "testing/temp_dir.h"

namespace churn::model {
namespace {

using testing::SyntheticChurnRows;

dataset::FeatureColumns Columns() {
  return {.names = testing::kSyntheticFeatures, .high_value_spend = 0, .split = "out_of_time"};
}

ModelBundle LogisticBundle(const dataset::LabelledRows& rows) {
  ModelBundle bundle;
  bundle.classifier = FitLogisticRegression(LogisticParams{}, rows);
  std::vector<double> raw = Probabilities(bundle.classifier->PredictMargin(rows.features));
  bundle.calibration = ProbabilityCalibration::Fit(Calibration::kPlatt, raw, rows.churned);
  bundle.threshold = 0.3;
  bundle.features = testing::kSyntheticFeatures;
  return bundle;
}

TEST(ModelBundleTest, ALoadedBundleGivesTheSameProbabilities) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows = SyntheticChurnRows(2000, 5);
  ModelBundle saved = LogisticBundle(rows);
  SaveModelBundle(folder.path(), saved, {{"created_at", "now"}});
  ModelBundle loaded = LoadModelBundle(folder.path(), Columns(), 1);
  EXPECT_EQ(loaded.Probabilities(rows.features), saved.Probabilities(rows.features));
  EXPECT_EQ(loaded.threshold, 0.3);
  EXPECT_EQ(ReadManifest(folder.path())["created_at"], "now") << "provenance kept";
  EXPECT_EQ(ReadManifest(folder.path())["model_type"], "logreg");
}

TEST(ModelBundleTest, BoostedTreesRoundTripThroughXgboostsFormat) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows = SyntheticChurnRows(2000, 6);
  dataset::LabelledRows validation = SyntheticChurnRows(500, 7);
  ModelBundle saved;
  BoostedTreesParams params;
  params.rounds = 20;
  saved.classifier = FitBoostedTrees("xgboost", params, rows, validation, 1, 3, nullptr);
  saved.features = testing::kSyntheticFeatures;
  SaveModelBundle(folder.path(), saved, nlohmann::json::object());
  ModelBundle loaded = LoadModelBundle(folder.path(), Columns(), 1);
  EXPECT_EQ(loaded.classifier->Kind(), "xgboost");
  EXPECT_EQ(loaded.Probabilities(validation.features), saved.Probabilities(validation.features));
}

TEST(ModelBundleTest, OtherFeaturesThanTheModelsAreAClearError) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows = SyntheticChurnRows(500, 5);
  SaveModelBundle(folder.path(), LogisticBundle(rows), nlohmann::json::object());
  dataset::FeatureColumns reordered = Columns();
  std::swap(reordered.names[0], reordered.names[1]);
  try {
    LoadModelBundle(folder.path(), reordered, 1);
    FAIL() << "expected a ModelError";
  } catch (const ModelError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("train again with `churn-radar train`"));
  }
}

TEST(ModelBundleTest, AMissingModelSaysToTrainFirst) {
  churn::testing::TempDir folder;
  EXPECT_THROW(LoadModelBundle(folder.path(), Columns(), 1), InputError);
}

}  // namespace
}  // namespace churn::model

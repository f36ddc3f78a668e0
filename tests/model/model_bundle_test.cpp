#include "model/model_bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "errors/error.h"
#include "model/blend_test_models.h"
#include "model/boosted_trees.h"
#include "model/logistic_regression.h"
#include "synthetic_churn_rows.h"
#include "testing/temp_dir.h"

namespace churn::model {
namespace {

using testing::SyntheticChurnRows;

dataset::FeatureColumns Columns() {
  return {.names = testing::kSyntheticFeatures,
          .high_value_spend = 0,
          .split = "out_of_time",
          .value_models = {}};
}

ModelBundle LogisticBundle(const dataset::LabelledRows& rows) {
  ModelBundle bundle;
  bundle.classifier = FitLogisticRegression(LogisticParams{}, rows);
  std::vector<double> raw = Probabilities(bundle.classifier->PredictMargin(rows.features, 1));
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
  ModelBundle loaded = LoadModelBundle(folder.path(), Columns());
  EXPECT_EQ(loaded.Probabilities(rows.features, 1), saved.Probabilities(rows.features, 1));
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
  saved.classifier = FitBoostedTrees(ModelKind::kXgboost, params, rows, validation, 1, 3, nullptr);
  saved.features = testing::kSyntheticFeatures;
  SaveModelBundle(folder.path(), saved, nlohmann::json::object());
  ModelBundle loaded = LoadModelBundle(folder.path(), Columns());
  EXPECT_EQ(loaded.classifier->Kind(), ModelKind::kXgboost);
  EXPECT_EQ(ReadManifest(folder.path())["model_type"], "xgboost");
  ASSERT_NE(loaded.classifier->Trees(), nullptr) << "scores with its own trees";
  EXPECT_EQ(loaded.Probabilities(validation.features, 2),
            saved.Probabilities(validation.features, 2));
}

TEST(ModelBundleTest, ABlendRoundTripsThroughItsBundleBitForBit) {
  churn::testing::TempDir folder;
  testing::BlendParts parts = testing::FitBlendParts(8);
  ModelBundle saved;
  saved.classifier = testing::BlendOf(parts, 0.5, 0.5);
  saved.features = testing::kSyntheticFeatures;
  SaveModelBundle(folder.path(), saved, nlohmann::json::object());
  EXPECT_EQ(ReadManifest(folder.path())["model_type"], "blend");
  ModelBundle loaded = LoadModelBundle(folder.path(), Columns());
  EXPECT_EQ(loaded.classifier->Kind(), ModelKind::kBlend);
  ASSERT_EQ(loaded.classifier->Members().size(), 2U);
  EXPECT_EQ(loaded.classifier->Trees(), nullptr);
  const dataset::FeatureMatrix& rows = parts.rows.features;
  std::vector<double> margins = loaded.classifier->PredictMargin(rows, 2);
  EXPECT_EQ(margins, saved.classifier->PredictMargin(rows, 2));
  EXPECT_EQ(loaded.classifier->ToJson(), saved.classifier->ToJson());
  EXPECT_NE(margins, loaded.classifier->Members()[0].classifier->PredictMargin(rows, 2));
}

TEST(ModelBundleTest, AMalformedSavedBlendIsAnInputErrorNamingWhatIsWrong) {
  churn::testing::TempDir folder;
  testing::BlendParts parts = testing::FitBlendParts(8);
  ModelBundle saved;
  saved.classifier = testing::BlendOf(parts, 0.5, 0.5);
  saved.features = testing::kSyntheticFeatures;
  SaveModelBundle(folder.path(), saved, nlohmann::json::object());
  nlohmann::json model = nlohmann::json::parse(saved.classifier->ToJson());
  model["blend"]["members"][0]["weight"] = -1;
  std::ofstream(folder.path() / kModelFileName) << model.dump();
  // A manifest without the digest of model.json (an older one), so that the
  // parser, not the pairing of the two files, answers.
  nlohmann::json manifest = ReadManifest(folder.path());
  manifest.erase("model_digest");
  std::ofstream(folder.path() / kManifestFileName) << manifest.dump();
  EXPECT_THAT([&] { LoadModelBundle(folder.path(), Columns()); },
              ::testing::ThrowsMessage<InputError>(::testing::HasSubstr(
                  "blend model JSON: member 1: 'weight' must be a finite number above 0")));
}

TEST(ModelBundleTest, OtherFeaturesThanTheModelsAreAClearError) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows = SyntheticChurnRows(500, 5);
  SaveModelBundle(folder.path(), LogisticBundle(rows), nlohmann::json::object());
  dataset::FeatureColumns reordered = Columns();
  std::swap(reordered.names[0], reordered.names[1]);
  try {
    LoadModelBundle(folder.path(), reordered);
    FAIL() << "expected a ModelError";
  } catch (const ModelError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("train again with `churn-radar train`"));
  }
}

TEST(ModelBundleTest, AnUnknownModelTypeIsAnInputErrorNamingTheValidOnes) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows = SyntheticChurnRows(500, 5);
  SaveModelBundle(folder.path(), LogisticBundle(rows), nlohmann::json::object());
  nlohmann::json manifest = ReadManifest(folder.path());
  manifest["model_type"] = "lightgbm";
  std::ofstream(folder.path() / kManifestFileName) << manifest.dump();
  std::string manifest_path = (folder.path() / kManifestFileName).string();
  EXPECT_THAT([&] { LoadModelBundle(folder.path(), Columns()); },
              ::testing::ThrowsMessage<InputError>(::testing::HasSubstr(
                  manifest_path + ": model_type 'lightgbm' is not a model this version knows "
                                  "(xgboost, xgboost_leafwise, logreg, blend)")));
}

TEST(ModelBundleTest, AManifestOfAnotherModelJsonIsRefusedNamingTrain) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows = SyntheticChurnRows(500, 5);
  SaveModelBundle(folder.path(), LogisticBundle(rows), nlohmann::json::object());
  const std::string old_manifest = churn::testing::ReadTextFile(folder.path() / kManifestFileName);
  // A second train, stopped after model.json and before manifest.json.
  ModelBundle other = LogisticBundle(SyntheticChurnRows(500, 6));
  SaveModelBundle(folder.path(), other, nlohmann::json::object());
  churn::testing::WriteTextFile(folder.path() / kManifestFileName, old_manifest);
  EXPECT_THAT([&] { LoadModelBundle(folder.path(), Columns()); },
              ::testing::ThrowsMessage<InputError>(::testing::HasSubstr(
                  (folder.path() / kManifestFileName).string() + ": describes another model than " +
                  (folder.path() / kModelFileName).string() +
                  " (a train was stopped between the two); run `churn-radar train`")));
}

TEST(ModelBundleTest, AMissingModelSaysToTrainFirst) {
  churn::testing::TempDir folder;
  EXPECT_THROW(LoadModelBundle(folder.path(), Columns()), InputError);
}

}  // namespace
}  // namespace churn::model

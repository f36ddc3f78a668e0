#include "model/classifier_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "errors/error.h"
#include "model/blend_test_models.h"

namespace churn::model {
namespace {

using testing::BlendOf;
using testing::BlendParts;
using testing::FitBlendParts;
using ::testing::HasSubstr;
using testing::kSyntheticFeatures;
using ::testing::ThrowsMessage;

constexpr std::uint64_t kCopySeed = 21;
constexpr int kCopyThreads = 2;

TEST(ClassifierJsonTest, ACopyScoresExactlyAsTheOriginalWhateverItsFamily) {
  BlendParts parts = FitBlendParts(kCopySeed);
  const dataset::FeatureMatrix rows = parts.rows.features;
  for (const Classifier* original : {parts.trees.get(), parts.logistic.get()}) {
    std::unique_ptr<Classifier> copy = CopyClassifier(*original, kSyntheticFeatures);
    EXPECT_NE(copy.get(), original);
    EXPECT_EQ(copy->Kind(), original->Kind());
    EXPECT_EQ(copy->PredictMargin(rows, kCopyThreads), original->PredictMargin(rows, kCopyThreads));
  }
  std::unique_ptr<Classifier> blend = BlendOf(parts, 0.5, 0.5);
  std::unique_ptr<Classifier> copy = CopyClassifier(*blend, kSyntheticFeatures);
  EXPECT_EQ(copy->Kind(), ModelKind::kBlend);
  ASSERT_EQ(copy->Members().size(), 2U);
  EXPECT_NE(copy->Members()[0].classifier.get(), blend->Members()[0].classifier.get());
  EXPECT_EQ(copy->PredictMargin(rows, kCopyThreads), blend->PredictMargin(rows, kCopyThreads));
  EXPECT_EQ(copy->ToJson(), blend->ToJson()) << "saved again, the same text";
}

TEST(ClassifierJsonTest, LoadsABlendWithItsMembersAndWeights) {
  BlendParts parts = FitBlendParts(kCopySeed);
  std::unique_ptr<Classifier> blend = BlendOf(parts, 0.2, 0.8);
  std::unique_ptr<Classifier> loaded =
      LoadClassifier(ModelKind::kBlend, blend->ToJson(), kSyntheticFeatures);
  ASSERT_EQ(loaded->Members().size(), 2U);
  EXPECT_EQ(loaded->Members()[0].classifier->Kind(), ModelKind::kXgboost);
  EXPECT_NE(loaded->Members()[0].classifier->Trees(), nullptr);
  EXPECT_EQ(loaded->Members()[0].weight, 0.2);
  EXPECT_EQ(loaded->Members()[1].classifier->Kind(), ModelKind::kLogreg);
  EXPECT_EQ(loaded->Members()[1].weight, 0.8);
}

TEST(ClassifierJsonTest, AMembersOwnErrorNamesTheMember) {
  BlendParts parts = FitBlendParts(kCopySeed);
  nlohmann::json saved = nlohmann::json::parse(BlendOf(parts, 0.5, 0.5)->ToJson());
  saved["blend"]["members"][1]["model"].erase("intercept");
  EXPECT_THAT([&] { LoadClassifier(ModelKind::kBlend, saved.dump(), kSyntheticFeatures); },
              ThrowsMessage<InputError>(
                  HasSubstr("blend model JSON: member 2 (logreg): logistic model JSON: "
                            "'intercept' must be a finite number")));
}

TEST(ClassifierJsonTest, AMemberOfOtherFeaturesIsAnInputError) {
  BlendParts parts = FitBlendParts(kCopySeed);
  nlohmann::json saved = nlohmann::json::parse(BlendOf(parts, 0.5, 0.5)->ToJson());
  saved["blend"]["members"][1]["model"]["features"][0] = "days_since_last_purchase";
  EXPECT_THAT([&] { LoadClassifier(ModelKind::kBlend, saved.dump(), kSyntheticFeatures); },
              ThrowsMessage<InputError>(HasSubstr(
                  "blend model JSON: member 2 (logreg) scores other features than member 1")));
}

TEST(ClassifierJsonTest, TextThatIsNotABlendIsAnInputError) {
  BlendParts parts = FitBlendParts(kCopySeed);
  EXPECT_THAT(
      [&] { LoadClassifier(ModelKind::kBlend, parts.logistic->ToJson(), kSyntheticFeatures); },
      ThrowsMessage<InputError>(HasSubstr("blend model JSON: expected {\"blend\"")));
}

}  // namespace
}  // namespace churn::model

#include "model/xgboost_handles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(CheckXgboostTest, PassesSuccessAndCarriesXgboostsOwnMessage) {
  EXPECT_NO_THROW(CheckXgboost(0, "XGBoosterCreate"));
  XgboostBooster booster = XgboostBooster::Create({});
  const char kNotAModel[] = "not a model";
  int rc = XGBoosterLoadModelFromBuffer(booster.get(), kNotAModel, sizeof(kNotAModel));
  ASSERT_NE(rc, 0);
  try {
    CheckXgboost(rc, "XGBoosterLoadModelFromBuffer");
    FAIL() << "expected a ModelError";
  } catch (const ModelError& error) {
    std::string message = error.what();
    EXPECT_THAT(message, StartsWith("XGBoost failed in XGBoosterLoadModelFromBuffer: "));
    EXPECT_GT(message.size(),
              std::string("XGBoost failed in XGBoosterLoadModelFromBuffer: ").size())
        << "XGBoost's own words follow";
  }
}

TEST(XgboostMatrixTest, CopiesTheValuesAndTheColumnNames) {
  dataset::FeatureMatrix features{{"visits", "spend"}, {1, 2, 3, 4, 5, 6}};
  XgboostMatrix matrix = XgboostMatrix::FromFeatures(features);
  bst_ulong rows = 0;
  bst_ulong cols = 0;
  CheckXgboost(XGDMatrixNumRow(matrix.get(), &rows), "XGDMatrixNumRow");
  CheckXgboost(XGDMatrixNumCol(matrix.get(), &cols), "XGDMatrixNumCol");
  EXPECT_EQ(rows, 3U);
  EXPECT_EQ(cols, 2U);
  bst_ulong count = 0;
  const char** names = nullptr;
  CheckXgboost(XGDMatrixGetStrFeatureInfo(matrix.get(), "feature_name", &count, &names),
               "XGDMatrixGetStrFeatureInfo");
  ASSERT_EQ(count, 2U);
  EXPECT_STREQ(names[0], "visits");
  EXPECT_STREQ(names[1], "spend");
}

TEST(XgboostMatrixTest, RejectsLabelsOfTheWrongCount) {
  dataset::FeatureMatrix features{{"visits"}, {1, 2, 3}};
  XgboostMatrix matrix = XgboostMatrix::FromFeatures(features);
  std::vector<std::uint8_t> labels = {0, 1};
  EXPECT_THAT([&] { matrix.SetLabels(labels); },
              ::testing::ThrowsMessage<ModelError>(HasSubstr("XGDMatrixSetFloatInfo(label)")));
}

TEST(XgboostBoosterTest, RejectsAnUnknownParameterValue) {
  XgboostBooster booster = XgboostBooster::Create({});
  booster.SetParam("tree_method", "forest");
  dataset::FeatureMatrix features{{"visits"}, {1, 2}};
  XgboostMatrix matrix = XgboostMatrix::FromFeatures(features);
  matrix.SetLabels(std::vector<std::uint8_t>{0, 1});
  // XGBoost checks parameters lazily, on the first round.
  EXPECT_THAT(
      [&] {
        CheckXgboost(XGBoosterUpdateOneIter(booster.get(), 0, matrix.get()),
                     "XGBoosterUpdateOneIter");
      },
      ::testing::ThrowsMessage<ModelError>(HasSubstr("XGBoosterUpdateOneIter")));
}

TEST(XgboostBoosterTest, MovesOwnership) {
  XgboostBooster first = XgboostBooster::Create({});
  BoosterHandle handle = first.get();
  XgboostBooster second = std::move(first);
  EXPECT_EQ(second.get(), handle);
  second.SetFeatureNames({"visits", "spend"});
  EXPECT_EQ(second.FeatureNames(), (std::vector<std::string>{"visits", "spend"}));
}

}  // namespace
}  // namespace churn::model

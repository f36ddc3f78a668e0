#include "explain/model_explainer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "model/blend_test_models.h"
#include "model/boosted_test_models.h"
#include "model/boosted_trees.h"
#include "model/classifier_json.h"
#include "model/logistic_regression.h"
#include "model/synthetic_churn_rows.h"

namespace churn::explain {
namespace {

namespace testing = model::testing;

// Every row's values plus its base value against the classifier's own
// margins: the explainer reads the very trees or coefficients it scores with.
void ExpectValuesAddUpToTheMargins(const model::Classifier& classifier,
                                   const dataset::FeatureMatrix& rows, double tolerance) {
  ModelExplainer explainer(classifier);
  ASSERT_EQ(explainer.width(), rows.cols() + 1);
  std::vector<float> values = explainer.Explain(rows, 2);
  std::vector<double> margins = classifier.PredictMargin(rows, 2);
  ASSERT_EQ(values.size(), rows.rows() * explainer.width());
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    auto first = values.begin() + static_cast<long>(row * explainer.width());
    double sum = std::accumulate(first, first + static_cast<long>(explainer.width()), 0.0);
    ASSERT_NEAR(sum, margins[row], tolerance) << "row " << row;
  }
}

TEST(ModelExplainerTest, ExplainsTheTreesALoadedModelScoresWith) {
  testing::FittedModel fitted = testing::FitOnWideRows(model::ModelKind::kXgboostLeafwise,
                                                       testing::LeafwiseParams(30, 15), 8, 31);
  std::unique_ptr<model::Classifier> loaded = model::LoadBoostedTrees(
      model::ModelKind::kXgboostLeafwise, fitted.json, fitted.rows.features.names);
  ExpectValuesAddUpToTheMargins(*loaded, fitted.rows.features, 1e-4);
}

TEST(ModelExplainerTest, ExplainsTheCoefficientsOfALoadedLogisticModel) {
  dataset::LabelledRows rows = testing::SyntheticChurnRows(500, 32);
  std::unique_ptr<model::Classifier> loaded = model::LoadLogisticRegression(
      model::FitLogisticRegression(model::LogisticParams{}, rows)->ToJson());
  ExpectValuesAddUpToTheMargins(*loaded, rows.features, 1e-4);
}

// A blend's values are its members' values weighed by the members' weights,
// base value included, and add up to the blend's margin like any model's.
TEST(ModelExplainerTest, ExplainsABlendAsTheWeightedSumOfItsMembers) {
  testing::BlendParts parts = testing::FitBlendParts(33);
  dataset::LabelledRows rows = std::move(parts.rows);
  ModelExplainer trees(*parts.trees);
  ModelExplainer logistic(*parts.logistic);
  std::vector<float> trees_values = trees.Explain(rows.features, 2);
  std::vector<float> logistic_values = logistic.Explain(rows.features, 2);
  std::unique_ptr<model::Classifier> blend = model::LoadClassifier(
      model::ModelKind::kBlend, testing::BlendOf(parts, 0.3, 0.7)->ToJson(), rows.features.names);
  ModelExplainer explainer(*blend);
  ASSERT_EQ(explainer.width(), rows.features.cols() + 1);
  std::vector<float> values = explainer.Explain(rows.features, 2);
  ASSERT_EQ(values.size(), trees_values.size());
  for (std::size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
    ASSERT_FLOAT_EQ(values[value_idx], static_cast<float>(0.3 * trees_values[value_idx] +
                                                          0.7 * logistic_values[value_idx]))
        << "value " << value_idx;
  }
  std::vector<double> margins = blend->PredictMargin(rows.features, 2);
  for (std::size_t row = 0; row < rows.features.rows(); ++row) {
    auto first = values.begin() + static_cast<long>(row * explainer.width());
    double sum = std::accumulate(first, first + static_cast<long>(explainer.width()), 0.0);
    ASSERT_LE(testing::Discrepancy(sum, margins[row]), 1e-6) << "row " << row;
  }
  // Both members take part: the base value is neither member's alone.
  std::size_t base = explainer.width() - 1;
  EXPECT_GT(std::abs(values[base] - trees_values[base]), 1e-3);
  EXPECT_GT(std::abs(values[base] - logistic_values[base]), 1e-3);
}

}  // namespace
}  // namespace churn::explain

#include "explain/model_explainer.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "model/boosted_test_models.h"
#include "model/boosted_trees.h"
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

}  // namespace
}  // namespace churn::explain

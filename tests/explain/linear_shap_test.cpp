#include "explain/linear_shap.h"

#include <gtest/gtest.h>

#include <numeric>
#include <utility>

#include "../model/synthetic_churn_rows.h"
#include "errors/error.h"
#include "model/logistic_regression.h"

namespace churn::explain {
namespace {

TEST(LinearShapTest, ContributionsPlusTheBaseValueAreTheMargin) {
  dataset::LabelledRows rows = model::testing::SyntheticChurnRows(1000, 11);
  auto logistic = model::FitLogisticRegression(model::LogisticParams{}, rows);
  LinearShap shap(*logistic->Linear());
  std::size_t width = rows.features.cols() + 1;
  std::vector<float> values(rows.size() * width);
  shap.Explain(rows.features, values);
  std::vector<double> margins = logistic->PredictMargin(rows.features, 1);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    auto first = values.begin() + static_cast<long>(row * width);
    double sum = std::accumulate(first, first + static_cast<long>(width), 0.0);
    EXPECT_NEAR(sum, margins[row], 1e-4) << "row " << row;
  }
  EXPECT_EQ(values[model::testing::kConstantColumn], 0.0F) << "a constant feature explains nothing";
}

TEST(LinearShapTest, AnAverageUserHasContributionsNearZero) {
  dataset::LabelledRows rows = model::testing::SyntheticChurnRows(1000, 12);
  auto logistic = model::FitLogisticRegression(model::LogisticParams{}, rows);
  LinearShap shap(*logistic->Linear());
  std::size_t width = rows.features.cols() + 1;
  std::vector<float> values(rows.size() * width);
  shap.Explain(rows.features, values);
  for (std::size_t col = 0; col + 1 < width; ++col) {
    double mean = 0;
    for (std::size_t row = 0; row < rows.size(); ++row) {
      mean += values[row * width + col];
    }
    EXPECT_NEAR(mean / static_cast<double>(rows.size()), 0.0, 1e-4)
        << "SHAP values are measured against the training mean";
  }
}

TEST(LinearShapTest, RowsWithOtherColumnsAreAClearError) {
  dataset::LabelledRows rows = model::testing::SyntheticChurnRows(100, 13);
  auto logistic = model::FitLogisticRegression(model::LogisticParams{}, rows);
  LinearShap shap(*logistic->Linear());
  std::swap(rows.features.names[0], rows.features.names[1]);
  std::vector<float> values(rows.size() * (rows.features.cols() + 1));
  EXPECT_THROW(shap.Explain(rows.features, values), InputError);
}

}  // namespace
}  // namespace churn::explain

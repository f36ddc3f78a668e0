#pragma once
// Exact SHAP values of the logistic model. Its margin is b + sum_j w_j z_j
// on standardised features z_j = (x_j - mean_j) / scale_j, whose training
// mean is 0; for a linear model each feature's SHAP value against that mean
// is then w_j z_j, and the base value is b. Contributions plus the base
// value equal the margin.
//
//   LinearShap shap(*classifier.Linear());  // the loaded model's coefficients

#include <span>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/logistic_regression.h"

namespace churn::explain {

class LinearShap {
 public:
  // Copies the fitted (or loaded) model's coefficients.
  explicit LinearShap(model::LogisticCoefficients coefficients);

  std::size_t feature_count() const { return coefficients_.features.size(); }
  double base_value() const { return coefficients_.intercept; }
  // rows × (features + 1) values, XGBoost's layout: one per feature, then
  // the base value. InputError unless `rows` has the model's columns.
  void Explain(const dataset::FeatureMatrix& rows, std::span<float> out) const;

 private:
  model::LogisticCoefficients coefficients_;
};

}  // namespace churn::explain

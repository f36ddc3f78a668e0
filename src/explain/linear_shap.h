#pragma once
// Exact SHAP values of the logistic model. Its margin is b + sum_j w_j z_j
// on standardised features z_j = (x_j - mean_j) / scale_j, whose training
// mean is 0; for a linear model each feature's SHAP value against that mean
// is then w_j z_j, and the base value is b. Contributions plus the base
// value equal the margin.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::explain {

class LinearShap {
 public:
  // From the logistic model's JSON (model::Classifier::ToJson of "logreg");
  // InputError when it cannot be read.
  static LinearShap FromLogisticJson(std::string_view json);

  std::size_t feature_count() const { return coefficients_.size(); }
  double base_value() const { return intercept_; }
  // rows × (features + 1) values, XGBoost's layout: one per feature, then
  // the base value.
  void Explain(const dataset::FeatureMatrix& rows, std::span<float> out) const;

 private:
  std::vector<std::string> features_;
  std::vector<double> mean_;
  std::vector<double> scale_;
  std::vector<double> coefficients_;
  double intercept_ = 0;
};

}  // namespace churn::explain

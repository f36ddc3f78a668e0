#pragma once
// L2-regularised logistic regression on standardised features, fitted by
// Newton's method (Eigen's LDLT for each step). Features are standardised
// with the training mean and standard deviation (constant features get a
// zero coefficient); the intercept is not penalised.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "model/training_config.h"

namespace churn::model {

// The fitted parameters: margin = intercept + sum_j weights[j] * z_j on the
// standardised features z_j = (x_j - mean[j]) / scale[j]. A feature that was
// constant in training has scale 1 and weight 0.
struct LogisticCoefficients {
  std::vector<std::string> features;
  std::vector<double> mean;
  std::vector<double> scale;
  std::vector<double> weights;
  double intercept = 0;

  // Feature `column`'s term of the margin for the value `value`.
  double Term(std::size_t column, double value) const {
    return weights[column] * (value - mean[column]) / scale[column];
  }
};

// With a distributed `group`, each worker passes its own rows and every
// worker gets the model of all of them (the loss, gradient and Hessian are
// sums over rows, reduced over the workers at each Newton step).
std::unique_ptr<Classifier> FitLogisticRegression(
    const LogisticParams& params, const dataset::LabelledRows& train,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// A model saved by ToJson: {"kind": "logreg", "features": [...], "mean":
// [...], "scale": [...], "coefficients": [...], "intercept": x}, the
// coefficients being LogisticCoefficients::weights. InputError naming what
// is wrong otherwise.
std::unique_ptr<Classifier> LoadLogisticRegression(const std::string& json);

}  // namespace churn::model

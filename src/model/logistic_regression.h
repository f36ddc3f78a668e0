#pragma once
// L2-regularised logistic regression on standardised features, fitted by
// Newton's method (Eigen's LDLT for each step). Features are standardised
// with the training mean and standard deviation (constant features get a
// zero coefficient); the intercept is not penalised.

#include <memory>
#include <string>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "model/training_config.h"

namespace churn::model {

std::unique_ptr<Classifier> FitLogisticRegression(const LogisticParams& params,
                                                  const dataset::LabelledRows& train);

// A model saved by ToJson: {"kind": "logreg", "features": [...], "mean":
// [...], "scale": [...], "coefficients": [...], "intercept": x}.
std::unique_ptr<Classifier> LoadLogisticRegression(const std::string& json);

}  // namespace churn::model

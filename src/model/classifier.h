#pragma once
// A fitted model, whichever family: it scores feature rows, says which
// features it leans on, and saves itself in its own JSON format.

#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::model {

// How much the model uses a feature. Trees: XGBoost's gain (average loss
// reduction of its splits), weight (number of splits) and cover (average
// number of rows its splits cover). Logistic regression: the absolute
// coefficient on the standardised feature as gain, weight and cover 0.
struct FeatureImportance {
  std::string feature;
  double gain = 0;
  double weight = 0;
  double cover = 0;
};

class Classifier {
 public:
  virtual ~Classifier() = default;

  // "xgboost", "xgboost_leafwise" or "logreg": the candidate's name.
  virtual std::string_view Kind() const = 0;
  // The log-odds of churn of every row; the matrix's columns must be the
  // model's features, in order (checked: InputError otherwise).
  virtual std::vector<double> PredictMargin(const dataset::FeatureMatrix& rows) const = 0;
  // One entry per feature, in column order.
  virtual std::vector<FeatureImportance> Importances() const = 0;
  // The whole model: XGBoost's own JSON (loadable by XGBoost in Python and
  // R) or the logistic model's JSON.
  virtual std::string ToJson() const = 0;
};

// 1 / (1 + e^-margin), without overflow for any margin.
double Probability(double margin);
// Probability of every margin.
std::vector<double> Probabilities(const std::vector<double>& margins);

}  // namespace churn::model

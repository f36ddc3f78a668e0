#pragma once
// A fitted model, whichever family: it scores feature rows, says which
// features it leans on, and saves itself in its own JSON format. Every
// scoring of rows, in training, explaining, predicting and serving, goes
// through PredictMargin: the boosted trees score with the project's own
// TreeEnsemble (XGBoost only trains them), the logistic model with its
// coefficients, a blend as the weighted sum of its members' margins.
// Explainers read the model's parameters through Trees(), Linear() and
// Members(), never its JSON.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/model_kind.h"

namespace churn::model {

class TreeEnsemble;
struct LogisticCoefficients;

// How much the model uses a feature. Trees: XGBoost's gain (average loss
// reduction of its splits), weight (number of splits) and cover (average
// number of rows its splits cover). Logistic regression: the absolute
// coefficient on the standardised feature as gain, weight and cover 0. A
// blend: its members' figures, each weighed by the member's weight.
struct FeatureImportance {
  std::string feature;
  double gain = 0;
  double weight = 0;
  double cover = 0;
};

class Classifier;

// One model of a blend and its share of the blend's margin.
struct BlendMember {
  std::unique_ptr<Classifier> classifier;
  double weight = 0;
};

class Classifier {
 public:
  virtual ~Classifier() = default;

  // The model's family; config::NameOf(kModelKindNames, Kind()) names it.
  virtual ModelKind Kind() const = 0;
  // The log-odds of churn of every row; the matrix's columns must be the
  // model's features, in order (checked: InputError otherwise). `threads`
  // (0: every core) is how many threads score a large matrix; the result
  // does not depend on it.
  virtual std::vector<double> PredictMargin(const dataset::FeatureMatrix& rows,
                                            int threads) const = 0;
  // One entry per feature, in column order.
  virtual std::vector<FeatureImportance> Importances() const = 0;
  // The whole model: XGBoost's own JSON (loadable by XGBoost in Python and
  // R), the logistic model's JSON, or a blend's JSON holding its members'.
  virtual std::string ToJson() const = 0;

  // The trees the model scores with: non-null exactly for boosted trees.
  virtual const TreeEnsemble* Trees() const { return nullptr; }
  // The logistic model's parameters: non-null exactly for logistic regression.
  virtual const LogisticCoefficients* Linear() const { return nullptr; }
  // The models a blend averages, their weights summing to 1: non-empty
  // exactly for a blend (whose Trees() and Linear() are null).
  virtual std::span<const BlendMember> Members() const { return {}; }
};

// 1 / (1 + e^-margin), without overflow for any margin.
double Probability(double margin);
// Probability of every margin.
std::vector<double> Probabilities(const std::vector<double>& margins);

}  // namespace churn::model

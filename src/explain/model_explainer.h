#pragma once
// Exact SHAP values for whichever model a bundle holds, read from the loaded
// model itself: path-dependent TreeSHAP of the trees the boosted-trees model
// scores with (Classifier::Trees(), see TreeShap), linear SHAP against the
// training mean of the logistic model's coefficients (Classifier::Linear(),
// see LinearShap), and for a blend the weighted sum of its members' values
// (Classifier::Members()). Whichever it is, a row's values plus its base value
// equal the model's margin for it. Scoring is the model's own:
// ModelBundle::Probabilities.

#include <memory>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "progress/progress_reporter.h"

namespace churn::explain {

class ModelExplainer {
 public:
  // Builds the explainer's tables from `classifier`'s trees or coefficients,
  // or its members'; InternalError when it has none of them.
  explicit ModelExplainer(const model::Classifier& classifier);
  ModelExplainer(ModelExplainer&&) noexcept;
  ModelExplainer& operator=(ModelExplainer&&) noexcept;
  ~ModelExplainer();

  // Values per row: one per feature, then the base value.
  std::size_t width() const { return features_ + 1; }
  // rows.rows() × width() values, on `threads` threads (0: every core),
  // telling `progress` the users explained so far (a blend: within "member
  // k of n").
  std::vector<float> Explain(const dataset::FeatureMatrix& rows, int threads,
                             const progress::Reporter& progress = {}) const;

 private:
  std::vector<float> ExplainBlend(const dataset::FeatureMatrix& rows, int threads,
                                  const progress::Reporter& progress) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t features_ = 0;
};

}  // namespace churn::explain

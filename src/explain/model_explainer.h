#pragma once
// Exact SHAP values for whichever model a bundle holds: path-dependent
// TreeSHAP for the boosted trees (parsed from XGBoost's JSON into the
// project's own trees, see TreeShap), linear SHAP against the training mean
// for the logistic model (see LinearShap). Either way, a row's values plus
// its base value equal the model's margin for it.

#include <memory>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"

namespace churn::explain {

class ModelExplainer {
 public:
  // Keeps a reference to `classifier`, which must outlive the explainer.
  ModelExplainer(const model::Classifier& classifier, const std::vector<std::string>& features);
  ModelExplainer(ModelExplainer&&) noexcept;
  ModelExplainer& operator=(ModelExplainer&&) noexcept;
  ~ModelExplainer();

  // Values per row: one per feature, then the base value.
  std::size_t width() const { return features_ + 1; }
  // rows.rows() × width() values, on `threads` threads (0: every core).
  std::vector<float> Explain(const dataset::FeatureMatrix& rows, int threads) const;
  // The model's margins, from the same parsed trees: about three times
  // XGBoost's own prediction speed, for scoring many users at once.
  std::vector<double> Margins(const dataset::FeatureMatrix& rows, int threads) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t features_ = 0;
};

}  // namespace churn::explain

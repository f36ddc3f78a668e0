#include "explain/model_explainer.h"

#include <optional>

#include "explain/linear_shap.h"
#include "explain/tree_ensemble.h"
#include "explain/tree_shap.h"

namespace churn::explain {

// One of the two exact explainers, chosen by the model's kind.
struct ModelExplainer::Impl {
  const model::Classifier* classifier = nullptr;
  std::optional<TreeEnsemble> ensemble;
  std::optional<TreeShap> trees;
  std::optional<LinearShap> linear;
};

ModelExplainer::ModelExplainer(const model::Classifier& classifier,
                               const std::vector<std::string>& features)
    : impl_(std::make_unique<Impl>()), features_(features.size()) {
  impl_->classifier = &classifier;
  if (classifier.Kind() == "logreg") {
    impl_->linear = LinearShap::FromLogisticJson(classifier.ToJson());
  } else {
    impl_->ensemble = TreeEnsemble::FromXgboostJson(classifier.ToJson(), features);
    impl_->trees.emplace(*impl_->ensemble);
  }
}

ModelExplainer::ModelExplainer(ModelExplainer&&) noexcept = default;
ModelExplainer& ModelExplainer::operator=(ModelExplainer&&) noexcept = default;
ModelExplainer::~ModelExplainer() = default;

std::vector<float> ModelExplainer::Explain(const dataset::FeatureMatrix& rows, int threads) const {
  std::vector<float> values(rows.rows() * width());
  if (impl_->linear) {
    impl_->linear->Explain(rows, values);
  } else {
    impl_->trees->Explain(rows, threads, values);
  }
  return values;
}

std::vector<double> ModelExplainer::Margins(const dataset::FeatureMatrix& rows, int threads) const {
  return impl_->ensemble ? impl_->ensemble->PredictMargins(rows, threads)
                         : impl_->classifier->PredictMargin(rows);
}

}  // namespace churn::explain

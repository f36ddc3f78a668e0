#include "explain/model_explainer.h"

#include <fmt/format.h>

#include <optional>

#include "errors/error.h"
#include "explain/linear_shap.h"
#include "explain/tree_shap.h"
#include "model/logistic_regression.h"
#include "model/model_kind.h"
#include "model/tree_ensemble.h"

namespace churn::explain {

// One of the two exact explainers, chosen by what the model is made of.
struct ModelExplainer::Impl {
  std::optional<TreeShap> trees;
  std::optional<LinearShap> linear;
};

ModelExplainer::ModelExplainer(const model::Classifier& classifier)
    : impl_(std::make_unique<Impl>()) {
  if (const model::TreeEnsemble* ensemble = classifier.Trees()) {
    impl_->trees.emplace(*ensemble);
    features_ = ensemble->feature_count();
  } else if (const model::LogisticCoefficients* coefficients = classifier.Linear()) {
    impl_->linear.emplace(*coefficients);
    features_ = coefficients->features.size();
  } else {
    throw InternalError(fmt::format("the {} model has neither trees nor coefficients to explain",
                                    config::NameOf(model::kModelKindNames, classifier.Kind())));
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

}  // namespace churn::explain

#include "explain/model_explainer.h"

#include <fmt/format.h>

#include <optional>
#include <utility>

#include "errors/error.h"
#include "explain/linear_shap.h"
#include "explain/tree_shap.h"
#include "model/logistic_regression.h"
#include "model/model_kind.h"
#include "model/tree_ensemble.h"

namespace churn::explain {

// One of the two exact explainers, chosen by what the model is made of, or
// for a blend one explainer per member.
struct ModelExplainer::Impl {
  std::optional<TreeShap> trees;
  std::optional<LinearShap> linear;
  std::vector<std::pair<double, ModelExplainer>> members;  // weight, explainer
};

ModelExplainer::ModelExplainer(const model::Classifier& classifier)
    : impl_(std::make_unique<Impl>()) {
  if (const model::TreeEnsemble* ensemble = classifier.Trees()) {
    impl_->trees.emplace(*ensemble);
    features_ = ensemble->feature_count();
  } else if (const model::LogisticCoefficients* coefficients = classifier.Linear()) {
    impl_->linear.emplace(*coefficients);
    features_ = coefficients->features.size();
  } else if (!classifier.Members().empty()) {
    for (const model::BlendMember& member : classifier.Members()) {
      impl_->members.emplace_back(member.weight, ModelExplainer(*member.classifier));
    }
    features_ = impl_->members.front().second.features_;
  } else {
    throw InternalError(
        fmt::format("the {} model has neither trees, coefficients nor members to explain",
                    config::NameOf(model::kModelKindNames, classifier.Kind())));
  }
}

ModelExplainer::ModelExplainer(ModelExplainer&&) noexcept = default;
ModelExplainer& ModelExplainer::operator=(ModelExplainer&&) noexcept = default;
ModelExplainer::~ModelExplainer() = default;

std::vector<float> ModelExplainer::Explain(const dataset::FeatureMatrix& rows, int threads,
                                           const progress::Reporter& progress) const {
  if (!impl_->members.empty()) {
    return ExplainBlend(rows, threads, progress);
  }
  std::vector<float> values(rows.rows() * width());
  auto users = static_cast<std::int64_t>(rows.rows());
  progress.Report("SHAP values", 0, users, "users");
  if (impl_->linear) {
    impl_->linear->Explain(rows, values);  // one pass: begun and done
    progress.Report("SHAP values", users, users, "users");
  } else {
    impl_->trees->Explain(rows, threads, values, progress);
  }
  return values;
}

// SHAP values are linear in the model's output: the blend's margin is the
// weighted sum of its members' margins, so its values are the same weighted
// sum of theirs, base value included, summed in double.
std::vector<float> ModelExplainer::ExplainBlend(const dataset::FeatureMatrix& rows, int threads,
                                                const progress::Reporter& progress) const {
  std::vector<double> sums(rows.rows() * width(), 0.0);
  std::size_t members = impl_->members.size();
  for (std::size_t member_idx = 0; member_idx < members; ++member_idx) {
    const auto& [weight, explainer] = impl_->members[member_idx];
    std::vector<float> member_values = explainer.Explain(
        rows, threads, progress.Within(fmt::format("member {} of {}", member_idx + 1, members)));
    for (std::size_t value_idx = 0; value_idx < sums.size(); ++value_idx) {
      sums[value_idx] += weight * member_values[value_idx];
    }
  }
  return std::vector<float>(sums.begin(), sums.end());
}

}  // namespace churn::explain

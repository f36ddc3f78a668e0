#include "explain/linear_shap.h"

#include <utility>

#include "errors/error.h"

namespace churn::explain {

LinearShap::LinearShap(model::LogisticCoefficients coefficients)
    : coefficients_(std::move(coefficients)) {}

void LinearShap::Explain(const dataset::FeatureMatrix& rows, std::span<float> out) const {
  const std::vector<std::string>& features = coefficients_.features;
  if (rows.names != features) {
    throw InputError("the rows to explain do not have the logistic model's features");
  }
  std::size_t width = features.size() + 1;
  if (out.size() != rows.rows() * width) {
    throw InternalError("LinearShap::Explain: the output does not fit rows × (features + 1)");
  }
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    std::span<const float> values = rows.Row(row);
    std::span<float> contributions = out.subspan(row * width, width);
    for (std::size_t col = 0; col < features.size(); ++col) {
      contributions[col] = static_cast<float>(coefficients_.Term(col, values[col]));
    }
    contributions[features.size()] = static_cast<float>(coefficients_.intercept);
  }
}

}  // namespace churn::explain

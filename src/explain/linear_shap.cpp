#include "explain/linear_shap.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "errors/error.h"

namespace churn::explain {

LinearShap LinearShap::FromLogisticJson(std::string_view json) {
  try {
    nlohmann::json model = nlohmann::json::parse(json);
    LinearShap shap;
    shap.features_ = model.at("features").get<std::vector<std::string>>();
    shap.mean_ = model.at("mean").get<std::vector<double>>();
    shap.scale_ = model.at("scale").get<std::vector<double>>();
    shap.coefficients_ = model.at("coefficients").get<std::vector<double>>();
    shap.intercept_ = model.at("intercept").get<double>();
    std::size_t count = shap.features_.size();
    if (shap.mean_.size() != count || shap.scale_.size() != count ||
        shap.coefficients_.size() != count) {
      throw InputError("the logistic model's vectors differ in length");
    }
    return shap;
  } catch (const nlohmann::json::exception& error) {
    throw InputError(fmt::format("cannot read the logistic model: {}", error.what()));
  }
}

void LinearShap::Explain(const dataset::FeatureMatrix& rows, std::span<float> out) const {
  if (rows.names != features_) {
    throw InputError("the rows to explain do not have the logistic model's features");
  }
  std::size_t width = features_.size() + 1;
  if (out.size() != rows.rows() * width) {
    throw InternalError("LinearShap::Explain: the output does not fit rows × (features + 1)");
  }
  for (std::size_t row = 0; row < rows.rows(); ++row) {
    std::span<const float> values = rows.Row(row);
    std::span<float> contributions = out.subspan(row * width, width);
    for (std::size_t col = 0; col < features_.size(); ++col) {
      contributions[col] =
          static_cast<float>(coefficients_[col] * (values[col] - mean_[col]) / scale_[col]);
    }
    contributions[features_.size()] = static_cast<float>(intercept_);
  }
}

}  // namespace churn::explain

#include "model/logistic_regression.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "errors/error.h"
#include "model/row_requirements.h"

namespace churn::model {
namespace {

// The "kind" the logistic model's JSON carries.
constexpr std::string_view kKind = config::NameOf(kModelKindNames, ModelKind::kLogreg);
// Newton stops once no parameter moves by more than this.
constexpr double kStepTolerance = 1e-8;
// Rows are standardised and folded into the Hessian this many at a time, so
// the fit never holds a second copy of the whole matrix.
constexpr std::size_t kChunkRows = 1024;
// A Newton step that raises the loss is halved, at most this many times.
constexpr int kMaxStepHalvings = 30;
// A step is accepted when it raises the loss by no more than rounding noise.
constexpr double kLossSlack = 1e-12;

// The training mean and standard deviation of each feature. A constant
// feature keeps scale 1 and is left out of the fit, so its coefficient is 0.
struct Standardisation {
  std::vector<double> mean;
  std::vector<double> scale;
  std::vector<std::size_t> active;  // the columns that vary
};

void RequireFinite(float value, std::size_t row_idx, std::size_t column_idx,
                   const dataset::FeatureMatrix& matrix, std::string_view what) {
  if (!std::isfinite(value)) {
    throw InputError(
        fmt::format("{}: row {}, column '{}' is {}; logistic regression needs a "
                    "finite value in every cell",
                    what, row_idx + 1, matrix.names[column_idx], value));
  }
}

// Over every worker's rows in `group`: sums, extremes and counts are reduced
// over the workers, so that each ends with the standardisation of all rows.
Standardisation Standardise(const dataset::FeatureMatrix& features,
                            const collective::WorkerGroup& group) {
  std::size_t cols = features.cols();
  std::size_t rows = features.rows();
  // The sums, then the row count, reduced at once.
  std::vector<double> sum(cols + 1, 0.0);
  std::vector<double> low(cols, std::numeric_limits<double>::infinity());
  std::vector<double> high(cols, -std::numeric_limits<double>::infinity());
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    std::span<const float> row = features.Row(row_idx);
    for (std::size_t column_idx = 0; column_idx < cols; ++column_idx) {
      RequireFinite(row[column_idx], row_idx, column_idx, features, "the training rows");
      sum[column_idx] += row[column_idx];
      low[column_idx] = std::min<double>(low[column_idx], row[column_idx]);
      high[column_idx] = std::max<double>(high[column_idx], row[column_idx]);
    }
  }
  sum[cols] = static_cast<double>(rows);
  group.Sum(sum);
  group.Min(low);
  group.Max(high);
  const double all_rows = sum[cols];
  Standardisation standardisation;
  standardisation.mean.resize(cols);
  std::vector<double> squares(cols, 0.0);
  for (std::size_t column_idx = 0; column_idx < cols; ++column_idx) {
    standardisation.mean[column_idx] = sum[column_idx] / all_rows;
  }
  // A second pass for the variance: summing squared deviations from the mean
  // does not lose the digits that the sum of squares minus the square of the
  // sum would.
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    std::span<const float> row = features.Row(row_idx);
    for (std::size_t column_idx = 0; column_idx < cols; ++column_idx) {
      double deviation = row[column_idx] - standardisation.mean[column_idx];
      squares[column_idx] += deviation * deviation;
    }
  }
  group.Sum(squares);
  standardisation.scale.assign(cols, 1.0);
  for (std::size_t column_idx = 0; column_idx < cols; ++column_idx) {
    // Exact comparison of the raw values: a constant column's computed
    // variance may be a rounding error above 0.
    if (low[column_idx] != high[column_idx]) {
      standardisation.scale[column_idx] = std::sqrt(squares[column_idx] / all_rows);
      standardisation.active.push_back(column_idx);
    }
  }
  return standardisation;
}

// log(1 + e^margin) - label * margin, the log-loss of one row, without
// overflow.
double RowLogLoss(double margin, double label) {
  double softplus = std::max(margin, 0.0) + std::log1p(std::exp(-std::abs(margin)));
  return softplus - label * margin;
}

// The penalised loss at `theta` (intercept first, then the active
// coefficients) with its gradient and Hessian. The loss is a sum over rows,
// so l2 weighs like scikit-learn's 1 / C.
struct NewtonState {
  Eigen::VectorXd theta;
  double loss = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
};

// Standardises rows [chunk_start, chunk_start + chunk_rows) into the top of
// `design`: a column of 1 for the intercept, then the active features.
void FillDesign(const dataset::FeatureMatrix& features, const Standardisation& standardisation,
                std::size_t chunk_start, std::size_t chunk_rows, Eigen::MatrixXd& design) {
  for (std::size_t chunk_idx = 0; chunk_idx < chunk_rows; ++chunk_idx) {
    std::span<const float> row = features.Row(chunk_start + chunk_idx);
    auto design_row = static_cast<Eigen::Index>(chunk_idx);
    design(design_row, 0) = 1.0;
    for (std::size_t active_idx = 0; active_idx < standardisation.active.size(); ++active_idx) {
      std::size_t column_idx = standardisation.active[active_idx];
      design(design_row, static_cast<Eigen::Index>(active_idx) + 1) =
          (row[column_idx] - standardisation.mean[column_idx]) / standardisation.scale[column_idx];
    }
  }
}

// The loss and its derivatives are sums over rows: each worker's, reduced.
void SumOverWorkers(NewtonState& state, const collective::WorkerGroup& group) {
  if (!group.distributed()) {
    return;
  }
  auto dims = state.gradient.size();
  std::vector<double> sums(static_cast<std::size_t>(1 + dims + dims * dims));
  sums[0] = state.loss;
  std::copy(state.gradient.data(), state.gradient.data() + dims, sums.begin() + 1);
  std::copy(state.hessian.data(), state.hessian.data() + dims * dims, sums.begin() + 1 + dims);
  group.Sum(sums);
  state.loss = sums[0];
  std::copy(sums.begin() + 1, sums.begin() + 1 + dims, state.gradient.data());
  std::copy(sums.begin() + 1 + dims, sums.end(), state.hessian.data());
}

NewtonState Evaluate(const Eigen::VectorXd& theta, const dataset::LabelledRows& train,
                     const Standardisation& standardisation, double l2,
                     const collective::WorkerGroup& group) {
  const dataset::FeatureMatrix& features = train.features;
  auto dims = theta.size();
  NewtonState state{theta, 0.0, Eigen::VectorXd::Zero(dims), Eigen::MatrixXd::Zero(dims, dims)};
  Eigen::MatrixXd design(static_cast<Eigen::Index>(std::min(kChunkRows, features.rows())), dims);
  for (std::size_t chunk_start = 0; chunk_start < features.rows(); chunk_start += kChunkRows) {
    std::size_t chunk_rows = std::min(kChunkRows, features.rows() - chunk_start);
    FillDesign(features, standardisation, chunk_start, chunk_rows, design);
    auto chunk = design.topRows(static_cast<Eigen::Index>(chunk_rows));
    Eigen::VectorXd margins = chunk * theta;
    Eigen::VectorXd residuals(margins.size());
    Eigen::VectorXd weights(margins.size());
    for (Eigen::Index chunk_idx = 0; chunk_idx < margins.size(); ++chunk_idx) {
      double label = train.churned[chunk_start + static_cast<std::size_t>(chunk_idx)];
      double probability = Probability(margins[chunk_idx]);
      state.loss += RowLogLoss(margins[chunk_idx], label);
      residuals[chunk_idx] = probability - label;
      weights[chunk_idx] = probability * (1.0 - probability);
    }
    state.gradient.noalias() += chunk.transpose() * residuals;
    state.hessian.noalias() += chunk.transpose() * weights.asDiagonal() * chunk;
  }
  SumOverWorkers(state, group);
  // The penalty leaves the intercept (index 0) alone.
  auto coefficients = theta.tail(dims - 1);
  state.loss += 0.5 * l2 * coefficients.squaredNorm();
  state.gradient.tail(dims - 1) += l2 * coefficients;
  state.hessian.diagonal().tail(dims - 1).array() += l2;
  return state;
}

// Newton's method from the base rate, each step halved while it raises the
// loss (which plain Newton can do far from the optimum).
Eigen::VectorXd FitNewton(const dataset::LabelledRows& train,
                          const Standardisation& standardisation, const LogisticParams& params,
                          const collective::WorkerGroup& group) {
  auto dims = static_cast<Eigen::Index>(standardisation.active.size()) + 1;
  std::array<std::int64_t, 2> counts = {std::count(train.churned.begin(), train.churned.end(), 1),
                                        static_cast<std::int64_t>(train.churned.size())};
  group.Sum(counts);
  double base_rate = static_cast<double>(counts[0]) / static_cast<double>(counts[1]);
  Eigen::VectorXd start = Eigen::VectorXd::Zero(dims);
  start[0] = std::log(base_rate / (1.0 - base_rate));
  NewtonState state = Evaluate(start, train, standardisation, params.l2, group);
  for (int iteration = 0; iteration < params.max_iterations; ++iteration) {
    Eigen::VectorXd step = state.hessian.ldlt().solve(state.gradient);
    if (!step.allFinite()) {
      throw ModelError(
          "logistic regression diverged (its Newton step is not finite); set train.logreg.l2 "
          "above 0 to keep the coefficients bounded");
    }
    if (step.lpNorm<Eigen::Infinity>() < kStepTolerance) {
      return state.theta - step;
    }
    NewtonState next = Evaluate(state.theta - step, train, standardisation, params.l2, group);
    for (int halving = 0;
         halving < kMaxStepHalvings && next.loss > state.loss + kLossSlack * std::abs(state.loss);
         ++halving) {
      step *= 0.5;
      next = Evaluate(state.theta - step, train, standardisation, params.l2, group);
    }
    state = std::move(next);
    if (step.lpNorm<Eigen::Infinity>() < kStepTolerance) {
      break;
    }
  }
  return state.theta;
}

class LogisticRegression final : public Classifier {
 public:
  explicit LogisticRegression(LogisticCoefficients coefficients)
      : coefficients_(std::move(coefficients)) {}

  ModelKind Kind() const override { return ModelKind::kLogreg; }
  // One pass over the rows: `threads` is not needed.
  std::vector<double> PredictMargin(const dataset::FeatureMatrix& rows, int threads) const override;
  std::vector<FeatureImportance> Importances() const override;
  std::string ToJson() const override;
  const LogisticCoefficients* Linear() const override { return &coefficients_; }

 private:
  LogisticCoefficients coefficients_;
};

std::vector<double> LogisticRegression::PredictMargin(const dataset::FeatureMatrix& rows,
                                                      int /*threads*/) const {
  if (std::optional<std::string> difference =
          FirstColumnDifference(coefficients_.features, rows.names)) {
    throw InputError(
        fmt::format("the rows to score do not have the logreg model's features: {}", *difference));
  }
  RequireWholeRows(rows, "the rows to score");
  std::vector<double> margins;
  margins.reserve(rows.rows());
  for (std::size_t row_idx = 0; row_idx < rows.rows(); ++row_idx) {
    std::span<const float> row = rows.Row(row_idx);
    double margin = coefficients_.intercept;
    for (std::size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
      RequireFinite(row[column_idx], row_idx, column_idx, rows, "the rows to score");
      margin += coefficients_.Term(column_idx, row[column_idx]);
    }
    margins.push_back(margin);
  }
  return margins;
}

std::vector<FeatureImportance> LogisticRegression::Importances() const {
  std::vector<FeatureImportance> importances;
  importances.reserve(coefficients_.features.size());
  for (std::size_t column_idx = 0; column_idx < coefficients_.features.size(); ++column_idx) {
    importances.push_back({.feature = coefficients_.features[column_idx],
                           .gain = std::abs(coefficients_.weights[column_idx])});
  }
  return importances;
}

std::string LogisticRegression::ToJson() const {
  nlohmann::json model = {{"kind", std::string(kKind)},
                          {"features", coefficients_.features},
                          {"mean", coefficients_.mean},
                          {"scale", coefficients_.scale},
                          {"coefficients", coefficients_.weights},
                          {"intercept", coefficients_.intercept}};
  return model.dump();
}

// The array `key` of `model`: `size` finite numbers. InputError otherwise.
std::vector<double> ReadNumbers(const nlohmann::json& model, const char* key, std::size_t size) {
  if (!model.contains(key) || !model[key].is_array() || model[key].size() != size) {
    throw InputError(
        fmt::format("logistic model JSON: '{}' must be an array of {} numbers", key, size));
  }
  std::vector<double> numbers;
  for (const nlohmann::json& number : model[key]) {
    if (!number.is_number() || !std::isfinite(number.get<double>())) {
      throw InputError(fmt::format("logistic model JSON: '{}' holds {}, expected a finite number",
                                   key, number.dump()));
    }
    numbers.push_back(number.get<double>());
  }
  return numbers;
}

std::vector<std::string> ReadFeatures(const nlohmann::json& model) {
  if (!model.contains("features") || !model["features"].is_array()) {
    throw InputError("logistic model JSON: 'features' must be an array of names");
  }
  std::vector<std::string> features;
  for (const nlohmann::json& feature : model["features"]) {
    if (!feature.is_string()) {
      throw InputError(
          fmt::format("logistic model JSON: feature {} is not a name", feature.dump()));
    }
    features.push_back(feature.get<std::string>());
  }
  return features;
}

}  // namespace

std::unique_ptr<Classifier> FitLogisticRegression(const LogisticParams& params,
                                                  const dataset::LabelledRows& train,
                                                  const collective::WorkerGroup& group) {
  if (!group.distributed()) {  // a worker's own rows may be few, or of one class
    RequireFittableRows(train, "the training rows");
    RequireBothClasses(train.churned, "the training rows");
  }
  Standardisation standardisation = Standardise(train.features, group);
  Eigen::VectorXd theta = FitNewton(train, standardisation, params, group);
  std::vector<double> coefficients(train.features.cols(), 0.0);
  for (std::size_t active_idx = 0; active_idx < standardisation.active.size(); ++active_idx) {
    coefficients[standardisation.active[active_idx]] =
        theta[static_cast<Eigen::Index>(active_idx) + 1];
  }
  return std::make_unique<LogisticRegression>(
      LogisticCoefficients{.features = train.features.names,
                           .mean = std::move(standardisation.mean),
                           .scale = std::move(standardisation.scale),
                           .weights = std::move(coefficients),
                           .intercept = theta[0]});
}

std::unique_ptr<Classifier> LoadLogisticRegression(const std::string& json) {
  nlohmann::json model = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (model.is_discarded()) {
    throw InputError("logistic model JSON: not valid JSON");
  }
  if (!model.is_object()) {
    throw InputError("logistic model JSON: not a JSON object");
  }
  if (!model.contains("kind") || !model["kind"].is_string() ||
      model["kind"].get<std::string>() != kKind) {
    throw InputError(fmt::format("logistic model JSON: 'kind' must be \"{}\"", kKind));
  }
  std::vector<std::string> features = ReadFeatures(model);
  std::vector<double> mean = ReadNumbers(model, "mean", features.size());
  std::vector<double> scale = ReadNumbers(model, "scale", features.size());
  std::vector<double> coefficients = ReadNumbers(model, "coefficients", features.size());
  if (std::any_of(scale.begin(), scale.end(), [](double value) { return value <= 0; })) {
    throw InputError("logistic model JSON: every 'scale' must be above 0");
  }
  if (!model.contains("intercept") || !model["intercept"].is_number() ||
      !std::isfinite(model["intercept"].get<double>())) {
    throw InputError("logistic model JSON: 'intercept' must be a finite number");
  }
  return std::make_unique<LogisticRegression>(
      LogisticCoefficients{.features = std::move(features),
                           .mean = std::move(mean),
                           .scale = std::move(scale),
                           .weights = std::move(coefficients),
                           .intercept = model["intercept"].get<double>()});
}

}  // namespace churn::model

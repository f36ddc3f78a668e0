#include "value/likelihood_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlopt.hpp>

#include "errors/error.h"

namespace churn::value {
namespace {

constexpr double kRelativeTolerance = 1e-10;
constexpr int kMaxEvaluations = 20000;
constexpr double kLogBound = 30.0;  // parameters within e^-30 to e^30
// L-BFGS may stop because rounding hides any further gain; that is a
// maximum when the mean log-likelihood is this flat on the log scale.
constexpr double kFlatGradient = 1e-5;

struct Objective {
  const LogLikelihood* log_likelihood = nullptr;
  LikelihoodPenalty penalty;
  std::vector<double> parameters;
  std::vector<double> gradient;  // by the parameters, of the summed log-likelihood
  int evaluations = 0;
};

// The negative penalised mean log-likelihood and its gradient by the log
// parameters: d/d(log theta) = theta d/d(theta).
double NegativeLogLikelihood(const std::vector<double>& log_parameters, std::vector<double>& grad,
                             void* data) {
  auto* objective = static_cast<Objective*>(data);
  ++objective->evaluations;
  std::size_t dimensions = log_parameters.size();
  for (std::size_t idx = 0; idx < dimensions; ++idx) {
    objective->parameters[idx] = std::exp(log_parameters[idx]);
  }
  std::span<double> gradient;
  if (!grad.empty()) {
    gradient = objective->gradient;
  }
  const LikelihoodPenalty& penalty = objective->penalty;
  double value = (*objective->log_likelihood)(objective->parameters, gradient) / penalty.customers;
  for (std::size_t idx = 0; idx < dimensions; ++idx) {
    double parameter = objective->parameters[idx];
    value -= penalty.l2_penalty * parameter * parameter;
    if (!grad.empty()) {
      grad[idx] = -(parameter * gradient[idx] / penalty.customers -
                    2 * penalty.l2_penalty * parameter * parameter);
    }
  }
  if (!std::isfinite(value)) {
    std::fill(grad.begin(), grad.end(), 0.0);
    return std::numeric_limits<double>::max();
  }
  return -value;
}

std::string StopReason(nlopt::result result) {
  switch (result) {
    case nlopt::SUCCESS:
      return "success";
    case nlopt::STOPVAL_REACHED:
      return "stop value reached";
    case nlopt::FTOL_REACHED:
      return "the log-likelihood stopped changing";
    case nlopt::XTOL_REACHED:
      return "the parameters stopped changing";
    case nlopt::MAXEVAL_REACHED:
      return "the evaluation limit was reached";
    case nlopt::MAXTIME_REACHED:
      return "the time limit was reached";
    case nlopt::ROUNDOFF_LIMITED:
      return "rounding limited the last steps";
    default:
      return "NLopt failed";
  }
}

// Whether the objective is flat at `log_parameters` (each derivative
// within kFlatGradient).
bool IsFlat(Objective& objective, const std::vector<double>& log_parameters) {
  std::vector<double> grad(log_parameters.size());
  NegativeLogLikelihood(log_parameters, grad, &objective);
  return std::all_of(grad.begin(), grad.end(),
                     [](double slope) { return std::abs(slope) <= kFlatGradient; });
}

bool Converged(nlopt::result result, bool flat) {
  return result == nlopt::SUCCESS || result == nlopt::FTOL_REACHED ||
         result == nlopt::XTOL_REACHED || (result == nlopt::ROUNDOFF_LIMITED && flat);
}

std::vector<double> LogStart(const std::vector<double>& start) {
  std::vector<double> point;
  for (double value : start) {
    if (!(value > 0)) {
      throw InternalError("MaximizeLikelihood: a start value is not positive");
    }
    point.push_back(std::log(value));
  }
  return point;
}

}  // namespace

LikelihoodFit MaximizeLikelihood(const std::vector<double>& start,
                                 const LogLikelihood& log_likelihood,
                                 const LikelihoodPenalty& penalty) {
  std::size_t dimensions = start.size();
  Objective objective{.log_likelihood = &log_likelihood,
                      .penalty = penalty,
                      .parameters = std::vector<double>(dimensions),
                      .gradient = std::vector<double>(dimensions),
                      .evaluations = 0};
  nlopt::opt optimizer(nlopt::LD_LBFGS, static_cast<unsigned>(dimensions));
  optimizer.set_min_objective(NegativeLogLikelihood, &objective);
  optimizer.set_lower_bounds(std::vector<double>(dimensions, -kLogBound));
  optimizer.set_upper_bounds(std::vector<double>(dimensions, kLogBound));
  optimizer.set_ftol_rel(kRelativeTolerance);
  optimizer.set_maxeval(kMaxEvaluations);
  std::vector<double> point = LogStart(start);
  LikelihoodFit fit;
  double minimum = 0;
  nlopt::result result = nlopt::FAILURE;
  try {
    result = optimizer.optimize(point, minimum);
  } catch (const nlopt::roundoff_limited&) {
    result = nlopt::ROUNDOFF_LIMITED;  // `point` holds the best one found
  } catch (const std::exception& error) {
    fit.stop_reason = error.what();
  }
  fit.evaluations = objective.evaluations;
  bool flat = result == nlopt::ROUNDOFF_LIMITED && IsFlat(objective, point);
  for (double log_parameter : point) {
    fit.parameters.push_back(std::exp(log_parameter));
  }
  fit.log_likelihood = log_likelihood(fit.parameters, {});
  if (fit.stop_reason.empty()) {
    fit.stop_reason = StopReason(result);
  }
  fit.converged = Converged(result, flat) && std::isfinite(fit.log_likelihood);
  return fit;
}

}  // namespace churn::value

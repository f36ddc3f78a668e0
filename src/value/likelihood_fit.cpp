#include "value/likelihood_fit.h"

#include <cmath>
#include <limits>
#include <nlopt.hpp>

#include "errors/error.h"

namespace churn::value {
namespace {

constexpr double kRelativeTolerance = 1e-10;
constexpr int kMaxEvaluations = 20000;
constexpr double kLogBound = 30.0;  // parameters within e^-30 to e^30

struct Objective {
  const LogLikelihood* log_likelihood = nullptr;
  LikelihoodPenalty penalty;
  std::vector<double> parameters;
  int evaluations = 0;
};

double NegativeLogLikelihood(const std::vector<double>& log_parameters, std::vector<double>& grad,
                             void* data) {
  (void)grad;  // derivative-free
  auto* objective = static_cast<Objective*>(data);
  ++objective->evaluations;
  for (std::size_t idx = 0; idx < log_parameters.size(); ++idx) {
    objective->parameters[idx] = std::exp(log_parameters[idx]);
  }
  double value = (*objective->log_likelihood)(objective->parameters) / objective->penalty.customers;
  for (double parameter : objective->parameters) {
    value -= objective->penalty.l2_penalty * parameter * parameter;
  }
  return std::isfinite(value) ? -value : std::numeric_limits<double>::max();
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
    default:
      return "NLopt failed";
  }
}

}  // namespace

LikelihoodFit MaximizeLikelihood(const std::vector<double>& start,
                                 const LogLikelihood& log_likelihood,
                                 const LikelihoodPenalty& penalty) {
  std::size_t dimensions = start.size();
  Objective objective{.log_likelihood = &log_likelihood,
                      .penalty = penalty,
                      .parameters = std::vector<double>(dimensions),
                      .evaluations = 0};
  nlopt::opt optimizer(nlopt::LN_SBPLX, static_cast<unsigned>(dimensions));
  optimizer.set_min_objective(NegativeLogLikelihood, &objective);
  optimizer.set_lower_bounds(std::vector<double>(dimensions, -kLogBound));
  optimizer.set_upper_bounds(std::vector<double>(dimensions, kLogBound));
  optimizer.set_ftol_rel(kRelativeTolerance);
  optimizer.set_maxeval(kMaxEvaluations);
  std::vector<double> point(dimensions);
  for (std::size_t idx = 0; idx < dimensions; ++idx) {
    if (!(start[idx] > 0)) {
      throw InternalError("MaximizeLikelihood: a start value is not positive");
    }
    point[idx] = std::log(start[idx]);
  }
  LikelihoodFit fit;
  double minimum = 0;
  nlopt::result result = nlopt::FAILURE;
  try {
    result = optimizer.optimize(point, minimum);
  } catch (const std::exception& error) {
    fit.stop_reason = error.what();
  }
  for (double log_parameter : point) {
    fit.parameters.push_back(std::exp(log_parameter));
  }
  fit.log_likelihood = log_likelihood(fit.parameters);
  fit.evaluations = objective.evaluations;
  if (fit.stop_reason.empty()) {
    fit.stop_reason = StopReason(result);
  }
  fit.converged = (result == nlopt::SUCCESS || result == nlopt::FTOL_REACHED ||
                   result == nlopt::XTOL_REACHED) &&
                  std::isfinite(fit.log_likelihood);
  return fit;
}

}  // namespace churn::value

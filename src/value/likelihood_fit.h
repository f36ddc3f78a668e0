#pragma once
// Maximum likelihood over positive parameters with NLopt: the parameters
// are searched on the log scale (so they stay positive), by the
// derivative-free Subplex method, from a start, until the log-likelihood
// changes by less than a relative 1e-10. What the BG/NBD and Gamma-Gamma fits share.
//
//   LikelihoodFit fit = MaximizeLikelihood({1, 1, 1, 1}, [&](std::span<const double> params) {
//     return LogLikelihood(params);
//   });

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace churn::value {

struct LikelihoodFit {
  std::vector<double> parameters;
  double log_likelihood = 0;
  bool converged = false;
  std::string stop_reason;  // NLopt's, in words
  int evaluations = 0;
};

using LogLikelihood = std::function<double(std::span<const double> parameters)>;

// `start`: positive. Non-finite log-likelihoods count as the worst.
LikelihoodFit MaximizeLikelihood(const std::vector<double>& start,
                                 const LogLikelihood& log_likelihood);

}  // namespace churn::value

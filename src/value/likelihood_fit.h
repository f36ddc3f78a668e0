#pragma once
// Maximum likelihood over positive parameters with NLopt: the parameters
// are searched on the log scale (so they stay positive) by L-BFGS with the
// analytic gradient, from a start, until the log-likelihood changes by less
// than a relative 1e-10. What the BG/NBD and Gamma-Gamma fits share.
//
//   LikelihoodFit fit = MaximizeLikelihood(
//       {1, 1, 1, 1}, [&](std::span<const double> params, std::span<double> gradient) {
//         return LogLikelihood(params, gradient);  // fills gradient unless it is empty
//       });

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

// The log-likelihood summed over the customers at `parameters`; when
// `gradient` is not empty (it has one element per parameter), also its
// derivative by each parameter (on their own scale, not the log one).
using LogLikelihood =
    std::function<double(std::span<const double> parameters, std::span<double> gradient)>;

// What is maximised: the log-likelihood over `customers` (its mean), less
// `l2_penalty` times the sum of the squared parameters (the `lifetimes`
// package's penalizer_coef); 0: plain maximum likelihood.
struct LikelihoodPenalty {
  double customers = 1;
  double l2_penalty = 0;
};

// `start`: positive. Non-finite log-likelihoods count as the worst. The
// fit's log_likelihood is the summed one, without the penalty.
LikelihoodFit MaximizeLikelihood(const std::vector<double>& start,
                                 const LogLikelihood& log_likelihood,
                                 const LikelihoodPenalty& penalty = {});

}  // namespace churn::value

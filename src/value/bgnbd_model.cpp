#include "value/bgnbd_model.h"

#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <cmath>
#include <vector>

#include "errors/error.h"
#include "value/likelihood_fit.h"
#include "value/special_functions.h"

namespace churn::value {
namespace {

double LogAddExp(double left, double right) {
  double high = std::max(left, right);
  return high + std::log(std::exp(left - high) + std::exp(right - high));
}

BgNbdParameters BgNbdParametersOf(std::span<const double> values) {
  return {.r = values[0], .alpha = values[1], .a = values[2], .b = values[3]};
}

// a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x): the odds, given
// the history, that the customer dropped out after their last purchase.
double DropoutOdds(const BgNbdParameters& p, const PurchaseHistory& h) {
  if (h.frequency <= 0) {
    return 0;
  }
  return p.a / (p.b + h.frequency - 1) *
         std::pow((p.alpha + h.age) / (p.alpha + h.recency), p.r + h.frequency);
}

}  // namespace

double BgNbdLogLikelihood(const BgNbdParameters& parameters, const PurchaseHistory& history) {
  const BgNbdParameters& p = parameters;  // the paper's symbols
  const PurchaseHistory& h = history;
  double x = h.frequency;
  double a1 = LogGamma(p.r + x) - LogGamma(p.r) + p.r * std::log(p.alpha);
  double a2 = LogGamma(p.a + p.b) + LogGamma(p.b + x) - LogGamma(p.b) - LogGamma(p.a + p.b + x);
  double a3 = -(p.r + x) * std::log(p.alpha + h.age);
  if (x <= 0) {
    return a1 + a2 + a3;
  }
  double a4 = std::log(p.a) - std::log(p.b + x - 1) - (p.r + x) * std::log(p.alpha + h.recency);
  return a1 + a2 + LogAddExp(a3, a4);
}

BgNbdFit FitBgNbd(std::span<const PurchaseHistory> histories, double l2_penalty) {
  if (histories.empty()) {
    throw InputError("no customer to fit the BG/NBD model on");
  }
  auto total = [&](const BgNbdParameters& parameters) {
    double sum = 0;
    for (const PurchaseHistory& history : histories) {
      sum += BgNbdLogLikelihood(parameters, history);
    }
    return sum;
  };
  LikelihoodFit fit = MaximizeLikelihood(
      {1, 1, 1, 1},
      [&](std::span<const double> values) { return total(BgNbdParametersOf(values)); },
      {.customers = static_cast<double>(histories.size()), .l2_penalty = l2_penalty});
  BgNbdFit result;
  result.parameters = BgNbdParametersOf(fit.parameters);
  result.log_likelihood = fit.log_likelihood;
  result.customers = histories.size();
  result.converged = fit.converged;
  result.stop_reason = fit.stop_reason;
  return result;
}

double ProbabilityAlive(const BgNbdParameters& parameters, const PurchaseHistory& history) {
  return 1.0 / (1.0 + DropoutOdds(parameters, history));
}

double ExpectedPurchases(const BgNbdParameters& parameters, const PurchaseHistory& history,
                         double horizon) {
  const BgNbdParameters& p = parameters;
  const PurchaseHistory& h = history;
  double x = h.frequency;
  double z = horizon / (p.alpha + h.age + horizon);
  double hypergeometric =
      boost::math::hypergeometric_pFq({p.r + x, p.b + x}, {p.a + p.b + x - 1}, z);
  double first =
      (p.a + p.b + x - 1) / (p.a - 1) *
      (1 - std::pow((p.alpha + h.age) / (p.alpha + h.age + horizon), p.r + x) * hypergeometric);
  return first / (1.0 + DropoutOdds(p, h));
}

}  // namespace churn::value

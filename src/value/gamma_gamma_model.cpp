#include "value/gamma_gamma_model.h"

#include <cmath>
#include <vector>

#include "errors/error.h"
#include "value/likelihood_fit.h"
#include "value/special_functions.h"

namespace churn::value {
namespace {

GammaGammaParameters GammaGammaParametersOf(std::span<const double> values) {
  return {.p = values[0], .q = values[1], .v = values[2]};
}

bool Qualifies(const PurchaseHistory& history) {
  return history.frequency > 0 && history.monetary > 0;
}

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParameters& parameters,
                               const PurchaseHistory& history) {
  const GammaGammaParameters& g = parameters;  // the paper's symbols
  const PurchaseHistory& h = history;
  double x = h.frequency;
  double m = h.monetary;
  return LogGamma(g.p * x + g.q) - LogGamma(g.p * x) - LogGamma(g.q) + g.q * std::log(g.v) +
         (g.p * x - 1) * std::log(m) + g.p * x * std::log(x) -
         (g.p * x + g.q) * std::log(x * m + g.v);
}

GammaGammaFit FitGammaGamma(std::span<const PurchaseHistory> histories, double l2_penalty) {
  std::vector<PurchaseHistory> repeat;
  for (const PurchaseHistory& history : histories) {
    if (Qualifies(history)) {
      repeat.push_back(history);
    }
  }
  if (repeat.empty()) {
    throw InputError(
        "no customer with a repeat purchase of positive value: the Gamma-Gamma model has nothing "
        "to fit");
  }
  auto total = [&](const GammaGammaParameters& parameters) {
    double sum = 0;
    for (const PurchaseHistory& history : repeat) {
      sum += GammaGammaLogLikelihood(parameters, history);
    }
    return sum;
  };
  LikelihoodFit fit = MaximizeLikelihood(
      {1, 1, 1},
      [&](std::span<const double> values) { return total(GammaGammaParametersOf(values)); },
      {.customers = static_cast<double>(repeat.size()), .l2_penalty = l2_penalty});
  GammaGammaFit result;
  result.parameters = GammaGammaParametersOf(fit.parameters);
  result.log_likelihood = fit.log_likelihood;
  result.customers = repeat.size();
  result.converged = fit.converged;
  result.stop_reason = fit.stop_reason;
  return result;
}

double ExpectedSpend(const GammaGammaParameters& parameters, const PurchaseHistory& history) {
  const GammaGammaParameters& g = parameters;
  const PurchaseHistory& h = history;
  double x = Qualifies(h) ? h.frequency : 0.0;
  double m = Qualifies(h) ? h.monetary : 0.0;
  return g.p * (g.v + x * m) / (g.p * x + g.q - 1);
}

}  // namespace churn::value

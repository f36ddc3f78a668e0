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

// The repeat spends of one frequency x (consecutive in a Finish()ed base):
// the gamma-function terms depend on x alone, so they are computed once per
// run, and the sum of log m over the run does not depend on the parameters.
struct FrequencyRun {
  double frequency = 0;
  double spenders = 0;
  double sum_log_monetary = 0;
  std::size_t begin = 0;  // into the totals x m
  std::size_t end = 0;
};

// The repeat spends as the likelihood reads them; built once per fit.
class SpendLikelihood {
 public:
  explicit SpendLikelihood(std::span<const features::RepeatSpend> spends) {
    for (const features::RepeatSpend& spend : spends) {
      if (runs_.empty() || runs_.back().frequency != spend.frequency) {
        runs_.push_back({.frequency = spend.frequency, .begin = totals_.size()});
      }
      FrequencyRun& run = runs_.back();
      run.spenders += 1;
      run.sum_log_monetary += std::log(spend.monetary);
      totals_.push_back(spend.frequency * spend.monetary);
      run.end = totals_.size();
    }
  }

  double Evaluate(const GammaGammaParameters& parameters, GammaGammaParameters* gradient) const;

 private:
  std::vector<FrequencyRun> runs_;
  std::vector<double> totals_;  // x m, the sum of the repeat spends
};

// Per spend: lgamma(px+q) - lgamma(px) - lgamma(q) + q log v + (px-1) log m
// + px log x - (px+q) log(xm+v), summed over a run of one x.
double SpendLikelihood::Evaluate(const GammaGammaParameters& parameters,
                                 GammaGammaParameters* gradient) const {
  const GammaGammaParameters& g = parameters;  // the paper's symbols
  double log_v = std::log(g.v);
  double value = 0;
  GammaGammaParameters slopes{.p = 0, .q = 0, .v = 0};
  for (const FrequencyRun& run : runs_) {
    double x = run.frequency;
    double shape = g.p * x;
    double sum_log_total = 0;  // of log(xm + v)
    double sum_inverse_total = 0;
    for (std::size_t spend_idx = run.begin; spend_idx < run.end; ++spend_idx) {
      double shifted = totals_[spend_idx] + g.v;
      sum_log_total += std::log(shifted);
      sum_inverse_total += 1.0 / shifted;
    }
    double log_x = std::log(x);
    value += run.spenders * (LogGamma(shape + g.q) - LogGamma(shape) - LogGamma(g.q) + g.q * log_v +
                             shape * log_x) +
             (shape - 1) * run.sum_log_monetary - (shape + g.q) * sum_log_total;
    if (gradient != nullptr) {
      double digamma_sum = Digamma(shape + g.q);
      slopes.p += x * (run.spenders * (digamma_sum - Digamma(shape) + log_x) +
                       run.sum_log_monetary - sum_log_total);
      slopes.q += run.spenders * (digamma_sum - Digamma(g.q) + log_v) - sum_log_total;
      slopes.v += run.spenders * g.q / g.v - (shape + g.q) * sum_inverse_total;
    }
  }
  if (gradient != nullptr) {
    *gradient = slopes;
  }
  return value;
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

double GammaGammaLogLikelihood(const GammaGammaParameters& parameters,
                               const features::CustomerBase& base, GammaGammaParameters* gradient) {
  return SpendLikelihood(base.repeat_spends()).Evaluate(parameters, gradient);
}

GammaGammaFit FitGammaGamma(const features::CustomerBase& customers, double l2_penalty) {
  std::span<const features::RepeatSpend> spends = customers.repeat_spends();
  if (spends.empty()) {
    throw InputError(
        "no customer with a repeat purchase of positive value: the Gamma-Gamma model has nothing "
        "to fit");
  }
  SpendLikelihood likelihood(spends);
  LikelihoodFit fit = MaximizeLikelihood(
      {1, 1, 1},
      [&](std::span<const double> values, std::span<double> gradient) {
        if (gradient.empty()) {
          return likelihood.Evaluate(GammaGammaParametersOf(values), nullptr);
        }
        GammaGammaParameters slopes;
        double value = likelihood.Evaluate(GammaGammaParametersOf(values), &slopes);
        gradient[0] = slopes.p;
        gradient[1] = slopes.q;
        gradient[2] = slopes.v;
        return value;
      },
      {.customers = static_cast<double>(spends.size()), .l2_penalty = l2_penalty});
  GammaGammaFit result;
  result.parameters = GammaGammaParametersOf(fit.parameters);
  result.log_likelihood = fit.log_likelihood;
  result.customers = spends.size();
  result.converged = fit.converged;
  result.stop_reason = fit.stop_reason;
  result.evaluations = fit.evaluations;
  return result;
}

GammaGammaFit FitGammaGamma(std::span<const PurchaseHistory> histories, double l2_penalty) {
  features::CustomerBase base;
  for (const PurchaseHistory& history : histories) {
    base.Add(history);
  }
  base.Finish();
  return FitGammaGamma(base, l2_penalty);
}

double ExpectedSpend(const GammaGammaParameters& parameters, const PurchaseHistory& history) {
  const GammaGammaParameters& g = parameters;
  const PurchaseHistory& h = history;
  double x = Qualifies(h) ? h.frequency : 0.0;
  double m = Qualifies(h) ? h.monetary : 0.0;
  return g.p * (g.v + x * m) / (g.p * x + g.q - 1);
}

}  // namespace churn::value

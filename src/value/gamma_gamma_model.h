#pragma once
// The Gamma-Gamma model of spend per purchase (Fader and Hardie, "The
// Gamma-Gamma model of monetary value", 2013): a customer's purchases are
// Gamma(p, nu) in value, with nu Gamma(q, v) across customers, independent
// of how often they buy. Fitted by maximum likelihood on the customers with
// repeat purchases of positive mean value; gives each customer's expected
// spend per purchase, shrunk from their own mean towards the population's.
//
//   GammaGammaFit fit = FitGammaGamma(base);  // a Finish()ed features::CustomerBase
//   ExpectedSpend(fit.parameters, histories[0]);

#include <cstddef>
#include <span>
#include <string>

#include "features/customer_base.h"
#include "features/purchase_history.h"

namespace churn::value {

using features::PurchaseHistory;

struct GammaGammaParameters {
  double p = 1;
  double q = 1;
  double v = 1;
};

struct GammaGammaFit {
  GammaGammaParameters parameters;
  double log_likelihood = 0;
  std::size_t customers = 0;  // those with repeat purchases of positive value
  bool converged = false;
  std::string stop_reason;
  int evaluations = 0;  // of the log-likelihood and its gradient
};

// One repeat customer's log-likelihood of their mean spend over `frequency`
// purchases.
double GammaGammaLogLikelihood(const GammaGammaParameters& parameters,
                               const PurchaseHistory& history);

// The log-likelihood summed over a Finish()ed base's repeat spends; when
// `gradient` is given, its derivatives by p, q and v go into the fields of
// those names.
double GammaGammaLogLikelihood(const GammaGammaParameters& parameters,
                               const features::CustomerBase& base,
                               GammaGammaParameters* gradient = nullptr);

// Fits on a Finish()ed base's repeat spends (the customers with frequency >
// 0 and monetary > 0); fit.customers is their number. `l2_penalty` as for
// the BG/NBD fit. Throws InputError when there is none.
GammaGammaFit FitGammaGamma(const features::CustomerBase& customers, double l2_penalty = 0);

// The same on the histories, gathered into a CustomerBase first (so only
// customers' histories, PurchaseHistory::IsCustomer, count).
GammaGammaFit FitGammaGamma(std::span<const PurchaseHistory> histories, double l2_penalty = 0);

// E[spend per purchase | frequency, monetary]: p (v + x m) / (p x + q - 1);
// for a customer without repeat purchases, the population mean p v / (q - 1).
double ExpectedSpend(const GammaGammaParameters& parameters, const PurchaseHistory& history);

}  // namespace churn::value

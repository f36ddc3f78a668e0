#pragma once
// The Gamma-Gamma model of spend per purchase (Fader and Hardie, "The
// Gamma-Gamma model of monetary value", 2013): a customer's purchases are
// Gamma(p, nu) in value, with nu Gamma(q, v) across customers, independent
// of how often they buy. Fitted by maximum likelihood on the customers with
// repeat purchases of positive mean value; gives each customer's expected
// spend per purchase, shrunk from their own mean towards the population's.
//
//   GammaGammaFit fit = FitGammaGamma(histories);  // fit.parameters.p, .q, .v
//   ExpectedSpend(fit.parameters, histories[0]);

#include <cstddef>
#include <span>
#include <string>

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
};

// One repeat customer's log-likelihood of their mean spend over `frequency`
// purchases.
double GammaGammaLogLikelihood(const GammaGammaParameters& parameters,
                               const PurchaseHistory& history);

// Fits on the histories with frequency > 0 and monetary > 0; the others are
// left out. `l2_penalty` as for the BG/NBD fit. Throws InputError when no
// customer qualifies.
GammaGammaFit FitGammaGamma(std::span<const PurchaseHistory> histories, double l2_penalty = 0);

// E[spend per purchase | frequency, monetary]: p (v + x m) / (p x + q - 1);
// for a customer without repeat purchases, the population mean p v / (q - 1).
double ExpectedSpend(const GammaGammaParameters& parameters, const PurchaseHistory& history);

}  // namespace churn::value

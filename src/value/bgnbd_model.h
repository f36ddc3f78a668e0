#pragma once
// The BG/NBD model of Fader, Hardie and Lee (2005, "Counting your customers
// the easy way"): while alive, a customer buys as a Poisson process whose
// rate is Gamma(r, alpha) across customers; after each purchase they drop
// out with a probability that is Beta(a, b) across customers. Fitted by
// maximum likelihood on purchase histories (frequency, recency, age); gives
// each customer's probability of being alive and expected purchases ahead.
//
//   features::CustomerBase base;  // base.Add(history) for each customer
//   base.Finish();
//   BgNbdFit fit = FitBgNbd(base);  // fit.parameters.r, .alpha, .a, .b
//   ProbabilityAlive(fit.parameters, histories[0]);
//   ExpectedPurchases(fit.parameters, histories[0], 90.0);

#include <cstddef>
#include <span>
#include <string>

#include "features/customer_base.h"
#include "features/purchase_history.h"

namespace churn::value {

using features::PurchaseHistory;

struct BgNbdParameters {
  double r = 1;
  double alpha = 1;
  double a = 1;
  double b = 1;
};

struct BgNbdFit {
  BgNbdParameters parameters;
  double log_likelihood = 0;  // summed over the customers, without the penalty
  std::size_t customers = 0;
  bool converged = false;
  std::string stop_reason;
  int evaluations = 0;  // of the log-likelihood and its gradient
};

// One customer's log-likelihood.
double BgNbdLogLikelihood(const BgNbdParameters& parameters, const PurchaseHistory& history);

// The log-likelihood summed over a Finish()ed base, group by group with
// its count; when `gradient` is given, its derivatives by r, alpha, a and b
// go into the fields of those names.
double BgNbdLogLikelihood(const BgNbdParameters& parameters, const features::CustomerBase& base,
                          BgNbdParameters* gradient = nullptr);

// Fits on a Finish()ed base; fit.customers = base.customers().
// `l2_penalty`: times the sum of the squared parameters, subtracted from
// the mean log-likelihood (the `lifetimes` package's penalizer_coef); 0:
// plain maximum likelihood. Throws InputError for no customers.
BgNbdFit FitBgNbd(const features::CustomerBase& customers, double l2_penalty = 0);

// The same on the histories, gathered into a CustomerBase first (those
// that are no customer's, PurchaseHistory::IsCustomer, are left out).
BgNbdFit FitBgNbd(std::span<const PurchaseHistory> histories, double l2_penalty = 0);

// P(alive | frequency, recency, age): 1 for a customer without a repeat
// purchase (the model lets a customer drop out only after a purchase).
double ProbabilityAlive(const BgNbdParameters& parameters, const PurchaseHistory& history);

// E[purchases in the next `horizon`] given the history (equation 10 of the
// paper, with the Gauss hypergeometric function): ProbabilityAlive times
// ExpectedPurchasesIfAlive.
double ExpectedPurchases(const BgNbdParameters& parameters, const PurchaseHistory& history,
                         double horizon);

// E[purchases in the next `horizon` | alive at the cutoff]: it depends on
// the history only through frequency and age, so customers who share them
// share it (the scoring computes it once for them).
// Throws InputError when Boost.Math cannot evaluate it (an overflow).
double ExpectedPurchasesIfAlive(const BgNbdParameters& parameters, double frequency, double age,
                                double horizon);

}  // namespace churn::value

#pragma once
// Each customer's value over a horizon from the fitted BG/NBD and
// Gamma-Gamma models: P(alive), expected purchases, expected spend per
// purchase, and the discounted value of the purchases ahead, month by month
// as the `lifetimes` package's customer_lifetime_value does (months of 30
// days; the last one cut at the horizon).
//
//   ValueParameters parameters{.bgnbd = bgnbd_fit.parameters,
//                              .gamma_gamma = gamma_gamma_fit.parameters};
//   std::vector<CustomerValue> values =
//       ValueCustomers(parameters, histories, {.days = 90, .monthly_discount_rate = 0.01}, 2);
//   values[0].expected_value ...

#include <limits>
#include <span>
#include <vector>

#include "features/purchase_history.h"
#include "value/bgnbd_model.h"
#include "value/gamma_gamma_model.h"

namespace churn::value {

struct ValueHorizon {
  double days = 90;
  double monthly_discount_rate = 0.01;
};

struct CustomerValue {
  double p_alive = std::numeric_limits<double>::quiet_NaN();  // NaN: no customer (no purchase)
  double expected_purchases = 0;  // E[purchases in the next horizon.days]
  double expected_spend = 0;      // Gamma-Gamma E[spend per purchase]
  double expected_value = 0;      // discounted value over the horizon
};

struct ValueParameters {
  BgNbdParameters bgnbd;
  GammaGammaParameters gamma_gamma;
};

// One customer alone, in the time unit of the parameters (days): with the
// months t_i = min(30 i, days), i = 1 .. ceil(days / 30),
//   expected_value = sum_i (E[N(t_i)] - E[N(t_(i-1))]) * expected_spend / (1 + d)^i.
// A history that is no customer's (PurchaseHistory::IsCustomer) gets NaN
// and zeros. Throws InputError for a negative or non-finite horizon or a
// discount rate of -1 or less.
CustomerValue ValueCustomer(const ValueParameters& parameters, const PurchaseHistory& history,
                            const ValueHorizon& horizon);

// ValueCustomer for each history, bit for bit, on `threads` threads (0: every
// core). E[N(t) | alive] depends on a history only through (frequency,
// age), so it is computed once per distinct pair and month, not per
// customer: in days, a million customers share tens of thousands of pairs.
std::vector<CustomerValue> ValueCustomers(const ValueParameters& parameters,
                                          std::span<const PurchaseHistory> histories,
                                          const ValueHorizon& horizon, int threads);

}  // namespace churn::value

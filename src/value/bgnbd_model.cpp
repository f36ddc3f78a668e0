#include "value/bgnbd_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <cmath>
#include <cstdint>
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

// The sorted distinct values of one field of the groups, and each group's
// index into them: in days there are a few hundred of each, so the
// logarithms of alpha + recency and alpha + age, and every term of the
// frequency alone, are computed once per value instead of once per group.
struct DistinctValues {
  std::vector<double> values;
  std::vector<std::uint32_t> index_of_group;
};

template <typename Field>
DistinctValues DistinctValuesOf(std::span<const features::CustomerGroup> groups, Field field) {
  DistinctValues distinct;
  for (const features::CustomerGroup& group : groups) {
    distinct.values.push_back(field(group));
  }
  std::sort(distinct.values.begin(), distinct.values.end());
  distinct.values.erase(std::unique(distinct.values.begin(), distinct.values.end()),
                        distinct.values.end());
  for (const features::CustomerGroup& group : groups) {
    auto found = std::lower_bound(distinct.values.begin(), distinct.values.end(), field(group));
    distinct.index_of_group.push_back(static_cast<std::uint32_t>(found - distinct.values.begin()));
  }
  return distinct;
}

// The terms of one frequency x (the paper's A1 less r log alpha, A2 and
// the log of a / (b + x - 1) of A4) and their derivatives.
struct FrequencyTerms {
  double log_value = 0;    // lgamma(r+x) - lgamma(r) + A2
  double log_dropout = 0;  // log a - log(b + x - 1); x > 0 only
  double d_r = 0;          // psi(r+x) - psi(r)
  double d_a = 0;          // psi(a+b) - psi(a+b+x)
  double d_b = 0;          // d_a + psi(b+x) - psi(b)
};

FrequencyTerms FrequencyTermsOf(const BgNbdParameters& p, double x, bool with_gradient) {
  FrequencyTerms terms;
  terms.log_value = LogGamma(p.r + x) - LogGamma(p.r) + LogGamma(p.a + p.b) + LogGamma(p.b + x) -
                    LogGamma(p.b) - LogGamma(p.a + p.b + x);
  if (x > 0) {
    terms.log_dropout = std::log(p.a) - std::log(p.b + x - 1);
  }
  if (with_gradient) {
    terms.d_r = Digamma(p.r + x) - Digamma(p.r);
    terms.d_a = Digamma(p.a + p.b) - Digamma(p.a + p.b + x);
    terms.d_b = terms.d_a + Digamma(p.b + x) - Digamma(p.b);
  }
  return terms;
}

// log(alpha + t) and 1 / (alpha + t) for each distinct t.
struct ShiftedLogs {
  std::vector<double> log;
  std::vector<double> inverse;
};

ShiftedLogs ShiftedLogsOf(double alpha, const std::vector<double>& times) {
  ShiftedLogs shifted;
  for (double time : times) {
    shifted.log.push_back(std::log(alpha + time));
    shifted.inverse.push_back(1.0 / (alpha + time));
  }
  return shifted;
}

// The log-likelihood and its gradient summed over the groups.
struct LikelihoodSums {
  double value = 0;
  BgNbdParameters gradient{.r = 0, .alpha = 0, .a = 0, .b = 0};
};

// A Finish()ed base as the likelihood reads it: its groups and their
// distinct frequencies, recencies and ages; built once per fit.
class GroupedLikelihood {
 public:
  explicit GroupedLikelihood(const features::CustomerBase& base)
      : groups_(base.groups()),
        frequencies_(DistinctValuesOf(groups_, [](const auto& group) { return group.frequency; })),
        recencies_(DistinctValuesOf(groups_, [](const auto& group) { return group.recency; })),
        ages_(DistinctValuesOf(groups_, [](const auto& group) { return group.age; })),
        customers_of_frequency_(frequencies_.values.size(), 0.0) {
    for (std::size_t group_idx = 0; group_idx < groups_.size(); ++group_idx) {
      customers_of_frequency_[frequencies_.index_of_group[group_idx]] +=
          static_cast<double>(groups_[group_idx].customers);
      customers_ += static_cast<double>(groups_[group_idx].customers);
    }
  }

  double Evaluate(const BgNbdParameters& parameters, BgNbdParameters* gradient) const;

 private:
  void AddGroups(const BgNbdParameters& p, const std::vector<FrequencyTerms>& terms,
                 LikelihoodSums& sums) const;

  std::span<const features::CustomerGroup> groups_;
  DistinctValues frequencies_;
  DistinctValues recencies_;
  DistinctValues ages_;
  std::vector<double> customers_of_frequency_;
  double customers_ = 0;
};

// Each group's log of the sum of the two ways to have seen its history
// (A3: still alive at T; A4: dropped out after the last purchase), and its
// derivatives, weighted by the group's customers. d log(e^A3 + e^A4) =
// w3 dA3 + w4 dA4 with w3 + w4 = 1 the two ways' shares.
void GroupedLikelihood::AddGroups(const BgNbdParameters& p,
                                  const std::vector<FrequencyTerms>& terms,
                                  LikelihoodSums& sums) const {
  ShiftedLogs at_age = ShiftedLogsOf(p.alpha, ages_.values);
  ShiftedLogs at_recency = ShiftedLogsOf(p.alpha, recencies_.values);
  for (std::size_t group_idx = 0; group_idx < groups_.size(); ++group_idx) {
    const features::CustomerGroup& group = groups_[group_idx];
    double weight = static_cast<double>(group.customers);
    double power = p.r + group.frequency;
    std::uint32_t age_idx = ages_.index_of_group[group_idx];
    double alive = -power * at_age.log[age_idx];
    if (group.frequency <= 0) {
      sums.value += weight * alive;
      sums.gradient.r -= weight * at_age.log[age_idx];
      sums.gradient.alpha -= weight * power * at_age.inverse[age_idx];
      continue;
    }
    const FrequencyTerms& frequency_terms = terms[frequencies_.index_of_group[group_idx]];
    std::uint32_t recency_idx = recencies_.index_of_group[group_idx];
    double dropped = frequency_terms.log_dropout - power * at_recency.log[recency_idx];
    double ratio = std::exp(-std::abs(alive - dropped));  // of the smaller way to the larger
    sums.value += weight * (std::max(alive, dropped) + std::log1p(ratio));
    double larger_share = 1.0 / (1.0 + ratio);
    double dropped_share = dropped > alive ? larger_share : ratio * larger_share;
    double alive_share = 1.0 - dropped_share;
    sums.gradient.r -=
        weight * (alive_share * at_age.log[age_idx] + dropped_share * at_recency.log[recency_idx]);
    sums.gradient.alpha -=
        weight * power *
        (alive_share * at_age.inverse[age_idx] + dropped_share * at_recency.inverse[recency_idx]);
    sums.gradient.a += weight * dropped_share / p.a;
    sums.gradient.b -= weight * dropped_share / (p.b + group.frequency - 1);
  }
}

double GroupedLikelihood::Evaluate(const BgNbdParameters& parameters,
                                   BgNbdParameters* gradient) const {
  const BgNbdParameters& p = parameters;
  std::vector<FrequencyTerms> terms;
  for (double frequency : frequencies_.values) {
    terms.push_back(FrequencyTermsOf(p, frequency, gradient != nullptr));
  }
  double log_alpha = std::log(p.alpha);
  LikelihoodSums sums;
  sums.value = customers_ * p.r * log_alpha;
  sums.gradient.r = customers_ * log_alpha;
  sums.gradient.alpha = customers_ * p.r / p.alpha;
  for (std::size_t frequency_idx = 0; frequency_idx < terms.size(); ++frequency_idx) {
    double weight = customers_of_frequency_[frequency_idx];
    sums.value += weight * terms[frequency_idx].log_value;
    sums.gradient.r += weight * terms[frequency_idx].d_r;
    sums.gradient.a += weight * terms[frequency_idx].d_a;
    sums.gradient.b += weight * terms[frequency_idx].d_b;
  }
  AddGroups(p, terms, sums);
  if (gradient != nullptr) {
    *gradient = sums.gradient;
  }
  return sums.value;
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

double BgNbdLogLikelihood(const BgNbdParameters& parameters, const features::CustomerBase& base,
                          BgNbdParameters* gradient) {
  return GroupedLikelihood(base).Evaluate(parameters, gradient);
}

BgNbdFit FitBgNbd(const features::CustomerBase& customers, double l2_penalty) {
  if (customers.customers() == 0) {
    throw InputError("no customer to fit the BG/NBD model on");
  }
  GroupedLikelihood likelihood(customers);
  LikelihoodFit fit = MaximizeLikelihood(
      {1, 1, 1, 1},
      [&](std::span<const double> values, std::span<double> gradient) {
        if (gradient.empty()) {
          return likelihood.Evaluate(BgNbdParametersOf(values), nullptr);
        }
        BgNbdParameters slopes;
        double value = likelihood.Evaluate(BgNbdParametersOf(values), &slopes);
        gradient[0] = slopes.r;
        gradient[1] = slopes.alpha;
        gradient[2] = slopes.a;
        gradient[3] = slopes.b;
        return value;
      },
      {.customers = static_cast<double>(customers.customers()), .l2_penalty = l2_penalty});
  BgNbdFit result;
  result.parameters = BgNbdParametersOf(fit.parameters);
  result.log_likelihood = fit.log_likelihood;
  result.customers = static_cast<std::size_t>(customers.customers());
  result.converged = fit.converged;
  result.stop_reason = fit.stop_reason;
  result.evaluations = fit.evaluations;
  return result;
}

BgNbdFit FitBgNbd(std::span<const PurchaseHistory> histories, double l2_penalty) {
  features::CustomerBase base;
  for (const PurchaseHistory& history : histories) {
    base.Add(history);
  }
  base.Finish();
  return FitBgNbd(base, l2_penalty);
}

double ProbabilityAlive(const BgNbdParameters& parameters, const PurchaseHistory& history) {
  return 1.0 / (1.0 + DropoutOdds(parameters, history));
}

double ExpectedPurchasesIfAlive(const BgNbdParameters& parameters, double frequency, double age,
                                double horizon) {
  const BgNbdParameters& p = parameters;
  double x = frequency;
  double c = p.a + p.b + x - 1;
  double z = horizon / (p.alpha + age + horizon);
  // (1 - z)^(r + x) 2F1(r + x, b + x; c; z), or the same by Euler's
  // transformation, (1 - z)^(a - 1) 2F1(c - r - x, c - b - x; c; z):
  // whichever has c above the sum of its upper parameters, where the series
  // stays bounded as z nears 1. The other form overflows: the first for a
  // frequent buyer with a long horizon, the second for a large a.
  bool paper_form = p.a - 1 > p.r + x;
  double power = paper_form ? p.r + x : p.a - 1;
  double upper_first = paper_form ? p.r + x : c - p.r - x;
  double upper_second = paper_form ? p.b + x : p.a - 1;
  double hypergeometric = 0;
  try {
    hypergeometric = boost::math::hypergeometric_pFq(
        {upper_first, upper_second}, {c}, z, static_cast<double*>(nullptr), DoublePrecision());
  } catch (const std::exception& error) {  // Boost.Math's overflow and evaluation errors
    throw InputError(fmt::format(
        "the expected purchases of a customer with {} repeat purchase periods and an age of {} "
        "cannot be computed over {} (r {}, alpha {}, a {}, b {}): {}",
        x, age, horizon, p.r, p.alpha, p.a, p.b, error.what()));
  }
  return c / (p.a - 1) * (1 - std::pow(1 - z, power) * hypergeometric);
}

double ExpectedPurchases(const BgNbdParameters& parameters, const PurchaseHistory& history,
                         double horizon) {
  return ExpectedPurchasesIfAlive(parameters, history.frequency, history.age, horizon) *
         ProbabilityAlive(parameters, history);
}

}  // namespace churn::value

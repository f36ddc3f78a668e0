#include "value/customer_value.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "errors/error.h"
#include "parallel/parallel_for.h"

namespace churn::value {
namespace {

constexpr double kDaysPerMonth = 30;

// The ends of the horizon's months, t_i = min(30 i, days), and the discount
// factor of each, (1 + d)^i.
struct Months {
  std::vector<double> ends;
  std::vector<double> discounts;
};

Months MonthsOf(const ValueHorizon& horizon) {
  if (!std::isfinite(horizon.days) || horizon.days < 0) {
    throw InputError("the value horizon must be a finite number of days, 0 or more");
  }
  if (!std::isfinite(horizon.monthly_discount_rate) || horizon.monthly_discount_rate <= -1) {
    throw InputError("the monthly discount rate must be finite and above -1");
  }
  Months months;
  auto count = static_cast<int>(std::ceil(horizon.days / kDaysPerMonth));
  for (int month = 1; month <= count; ++month) {
    months.ends.push_back(std::min(kDaysPerMonth * month, horizon.days));
    months.discounts.push_back(std::pow(1 + horizon.monthly_discount_rate, month));
  }
  return months;
}

// The value of one customer given E[N(t_i) | alive] for each month: the
// one computation that ValueCustomer and ValueCustomers share, so that
// their results are the same bits.
CustomerValue ValueOf(const ValueParameters& parameters, const PurchaseHistory& history,
                      std::span<const double> purchases_if_alive, const Months& months) {
  CustomerValue value;
  value.p_alive = ProbabilityAlive(parameters.bgnbd, history);
  value.expected_spend = ExpectedSpend(parameters.gamma_gamma, history);
  double previous = 0;
  for (std::size_t month_idx = 0; month_idx < months.ends.size(); ++month_idx) {
    // Never below 0: 1 - (1 - z)^k 2F1 can round to a hair under it.
    double purchases = std::max(0.0, purchases_if_alive[month_idx] * value.p_alive);
    value.expected_value +=
        (purchases - previous) * value.expected_spend / months.discounts[month_idx];
    previous = purchases;
  }
  value.expected_purchases = previous;
  value.expected_value = std::max(0.0, value.expected_value);
  return value;
}

// The distinct (frequency, age) pairs of the customers among `histories`,
// and each history's index into them (kNoPair for no customer).
constexpr std::uint32_t kNoPair = UINT32_MAX;

struct FrequencyAgePairs {
  std::vector<std::pair<double, double>> pairs;
  std::vector<std::uint32_t> pair_of_history;
};

FrequencyAgePairs PairsOf(std::span<const PurchaseHistory> histories) {
  FrequencyAgePairs grouped;
  absl::flat_hash_map<std::pair<double, double>, std::uint32_t> index_of;
  grouped.pair_of_history.reserve(histories.size());
  for (const PurchaseHistory& history : histories) {
    if (!history.IsCustomer()) {
      grouped.pair_of_history.push_back(kNoPair);
      continue;
    }
    auto [found, inserted] = index_of.try_emplace(std::pair{history.frequency, history.age},
                                                  static_cast<std::uint32_t>(index_of.size()));
    if (inserted) {
      grouped.pairs.emplace_back(history.frequency, history.age);
    }
    grouped.pair_of_history.push_back(found->second);
  }
  return grouped;
}

// E[N(t_i) | alive] for each pair and month, pair-major. Pairs are dealt to
// the workers in turn, as their cost grows with the frequency.
std::vector<double> PurchasesIfAliveOf(const BgNbdParameters& bgnbd,
                                       const FrequencyAgePairs& grouped, const Months& months,
                                       int workers) {
  std::size_t month_count = months.ends.size();
  std::vector<double> table(grouped.pairs.size() * month_count);
  parallel::ParallelFor(workers, [&](int worker_idx) {
    for (auto pair_idx = static_cast<std::size_t>(worker_idx); pair_idx < grouped.pairs.size();
         pair_idx += static_cast<std::size_t>(workers)) {
      auto [frequency, age] = grouped.pairs[pair_idx];
      for (std::size_t month_idx = 0; month_idx < month_count; ++month_idx) {
        table[pair_idx * month_count + month_idx] =
            ExpectedPurchasesIfAlive(bgnbd, frequency, age, months.ends[month_idx]);
      }
    }
  });
  return table;
}

}  // namespace

CustomerValue ValueCustomer(const ValueParameters& parameters, const PurchaseHistory& history,
                            const ValueHorizon& horizon) {
  Months months = MonthsOf(horizon);
  if (!history.IsCustomer()) {
    return {};
  }
  std::vector<double> purchases_if_alive;
  for (double end : months.ends) {
    purchases_if_alive.push_back(
        ExpectedPurchasesIfAlive(parameters.bgnbd, history.frequency, history.age, end));
  }
  return ValueOf(parameters, history, purchases_if_alive, months);
}

std::vector<CustomerValue> ValueCustomers(const ValueParameters& parameters,
                                          std::span<const PurchaseHistory> histories,
                                          const ValueHorizon& horizon, int threads) {
  Months months = MonthsOf(horizon);
  int workers = parallel::ResolveThreads(threads);
  FrequencyAgePairs grouped = PairsOf(histories);
  std::vector<double> table = PurchasesIfAliveOf(parameters.bgnbd, grouped, months, workers);
  std::size_t month_count = months.ends.size();
  std::vector<CustomerValue> values(histories.size());
  std::size_t per_worker = (histories.size() + workers - 1) / static_cast<std::size_t>(workers);
  parallel::ParallelFor(workers, [&](int worker_idx) {
    std::size_t begin = std::min(histories.size(), per_worker * worker_idx);
    std::size_t end = std::min(histories.size(), begin + per_worker);
    for (std::size_t history_idx = begin; history_idx < end; ++history_idx) {
      std::uint32_t pair_idx = grouped.pair_of_history[history_idx];
      if (pair_idx == kNoPair) {
        continue;
      }
      std::span<const double> purchases_if_alive(table.data() + pair_idx * month_count,
                                                 month_count);
      values[history_idx] = ValueOf(parameters, histories[history_idx], purchases_if_alive, months);
    }
  });
  return values;
}

}  // namespace churn::value

#pragma once
// The users most at risk, for a retention campaign, most at risk first: one
// selection for both lists the API serves, parameterised by the SHAP store
// and its order by risk.
//
//   GET /api/at-risk?top=N&min_risk=R[&order=O][&format=csv]  the current scoring
//   GET /api/backtest/users?top=N&min_risk=R[&format=csv]  the explained test snapshot
//
// `min_risk` is a probability or a band name (high: at or above the
// threshold; medium: from half of it; low: everyone). `order` (the at-risk
// list only) is probability or value_at_risk; the scoring's own by default.
//
//   RankedUsers users{.store = &store, .by_risk = &order, .threshold = 0.3};
//   std::string body = RiskListJson(users, ParseRiskQuery(top, min_risk, users.threshold));

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explain/shap_store.h"
#include "server/customer_value_table.h"

namespace churn::server {

inline constexpr std::size_t kDefaultRiskListSize = 100;
inline constexpr std::size_t kMaxRiskListSize = 100000;
// What a list's entries hold, and so its JSON and CSV columns.
enum class RiskListShape {
  // The backtest's list: user_id, snapshot, probability, risk_band, label.
  kBacktest,
  // The current scoring's, as at_risk.csv: user_id, (as_of,) probability,
  // band, flagged, the customer values (p_alive, expected_purchases,
  // expected_value, value_at_risk; null or empty without them) and the top
  // reasons in words.
  kAtRisk,
};

// What a list is ordered by, most at risk first: the churn probability, or
// the value at risk (probability times expected value) of a scoring with
// customer values. Named as summary.json's value.rank_by names them.
enum class RiskOrder {
  kProbability,
  kValueAtRisk,
};

// "probability" or "value_at_risk".
std::string_view RiskOrderName(RiskOrder order);
// The order `name` names; nullopt for any other text.
std::optional<RiskOrder> RiskOrderNamed(std::string_view name);

// The users of one SHAP store in order of risk, and the threshold their
// bands are cut at (the model's that scored them).
struct RankedUsers {
  const explain::ShapStore* store = nullptr;
  const std::vector<std::size_t>* by_risk = nullptr;  // store indices, most at risk first
  double threshold = 0;
  RiskListShape shape = RiskListShape::kBacktest;
  std::string_view as_of;  // the scoring's date (kAtRisk)
  // What by_risk is ordered by; by value at risk, the users at or above a
  // probability are no longer a prefix of it.
  RiskOrder order = RiskOrder::kProbability;
  const CustomerValueTable* values = nullptr;  // by store index (kAtRisk), when scored
};

// The store's indices, most at risk first (ties in user id order).
std::vector<std::size_t> OrderByRisk(const explain::ShapStore& store);

struct RiskQuery {
  std::size_t top = kDefaultRiskListSize;
  double min_probability = 0;
};

// Throws RequestError (400) for a bad `top` or `min_risk`.
RiskQuery ParseRiskQuery(std::optional<std::string_view> top,
                         std::optional<std::string_view> min_risk, double threshold);

// The order a request asks for, `fallback` when it names none. Throws
// RequestError (400) for another name, and for value_at_risk when the
// scoring has no customer values.
RiskOrder ParseRiskOrder(std::optional<std::string_view> order, RiskOrder fallback,
                         bool has_values);

// {"threshold", "min_probability", "total": users at or above it, "users"}
// (and "as_of" first for kAtRisk); the users' fields are the shape's.
std::string RiskListJson(const RankedUsers& users, const RiskQuery& query);

// The same users as CSV, a header and one line each (kAtRisk: at_risk.csv's
// columns).
std::string RiskListCsv(const RankedUsers& users, const RiskQuery& query);

}  // namespace churn::server

#pragma once
// The users most at risk, for a retention campaign, most at risk first: one
// selection for both lists the API serves, parameterised by the SHAP store
// and its order by risk.
//
//   GET /api/at-risk?top=N&min_risk=R[&format=csv]         the current scoring
//   GET /api/backtest/users?top=N&min_risk=R[&format=csv]  the explained test snapshot
//
// `min_risk` is a probability or a band name (high: at or above the
// threshold; medium: from half of it; low: everyone).
//
//   RankedUsers users{.store = &store, .by_risk = &order, .threshold = 0.3};
//   std::string body = RiskListJson(users, ParseRiskQuery(top, min_risk, users.threshold));

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explain/shap_store.h"

namespace churn::server {

inline constexpr std::size_t kDefaultRiskListSize = 100;
inline constexpr std::size_t kMaxRiskListSize = 100000;
// What a list's entries hold, and so its JSON and CSV columns.
enum class RiskListShape {
  // The backtest's list: user_id, snapshot, probability, risk_band, label.
  kBacktest,
  // The current scoring's, as at_risk.csv: user_id, (as_of,) probability,
  // band, flagged and the top reasons in words.
  kAtRisk,
};

// The users of one SHAP store in order of risk, and the threshold their
// bands are cut at (the model's that scored them).
struct RankedUsers {
  const explain::ShapStore* store = nullptr;
  const std::vector<std::size_t>* by_risk = nullptr;  // store indices, most at risk first
  double threshold = 0;
  RiskListShape shape = RiskListShape::kBacktest;
  std::string_view as_of;  // the scoring's date (kAtRisk)
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

// {"threshold", "min_probability", "total": users at or above it, "users"}
// (and "as_of" first for kAtRisk); the users' fields are the shape's.
std::string RiskListJson(const RankedUsers& users, const RiskQuery& query);

// The same users as CSV, a header and one line each (kAtRisk: at_risk.csv's
// columns).
std::string RiskListCsv(const RankedUsers& users, const RiskQuery& query);

}  // namespace churn::server

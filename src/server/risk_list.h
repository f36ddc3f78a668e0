#pragma once
// GET /api/users?top=N&min_risk=R[&format=csv]: the users most at risk, for
// a retention campaign, from the explained test snapshot, most at risk
// first. `min_risk` is a probability or a band name (high: at or above the
// threshold; medium: from half of it; low: everyone).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "server/served_artifacts.h"

namespace churn::server {

inline constexpr std::size_t kDefaultRiskListSize = 100;
inline constexpr std::size_t kMaxRiskListSize = 100000;

struct RiskQuery {
  std::size_t top = kDefaultRiskListSize;
  double min_probability = 0;
};

// Throws RequestError (400) for a bad `top` or `min_risk`.
RiskQuery ParseRiskQuery(std::optional<std::string_view> top,
                         std::optional<std::string_view> min_risk, double threshold);

// {"threshold", "min_probability", "total": users at or above it,
//  "users": [{user_id, snapshot, probability, risk_band, label}]}
std::string RiskListJson(const ServedArtifacts& artifacts, const RiskQuery& query);

// The same users as CSV: user_id,snapshot,probability,risk_band,label.
std::string RiskListCsv(const ServedArtifacts& artifacts, const RiskQuery& query);

}  // namespace churn::server

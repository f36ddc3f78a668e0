#pragma once
// The API's answers about the scorings of today's customers and the two
// lists by risk, as plain functions of what `serve` loaded: no HTTP here,
// a RequestError (404) for what is not there.
//
//   GET /api/scorings/{as_of}        ScoringSummaryJson(artifacts.scorings(), as_of)
//   GET /api/scorings/{as_of}/drift  ScoringDriftJson(artifacts.scorings(), as_of)
//   GET /api/at-risk                 RiskListJson(AtRiskRanking(artifacts.scorings(), order),
//   query) GET /api/backtest/users          RiskListJson(BacktestRanking(artifacts), query)

#include <optional>
#include <string>
#include <string_view>

#include "server/risk_list.h"
#include "server/served_artifacts.h"
#include "server/served_scorings.h"

namespace churn::server {

// The summary.json of the scoring of `as_of` (YYYY-MM-DD or "latest").
const std::string& ScoringSummaryJson(const ServedScorings& scorings, std::string_view as_of);

// Its drift.json.
const std::string& ScoringDriftJson(const ServedScorings& scorings, std::string_view as_of);

// The current scoring's users in the `order` asked for (the query
// parameter; by default the scoring's own, summary.json's value.rank_by),
// at its model's threshold, with their customer values when it has them;
// 404 naming `churn-radar score` when there is no scoring, 400 for an order
// ParseRiskOrder refuses.
RankedUsers AtRiskRanking(const ServedScorings& scorings,
                          std::optional<std::string_view> order = std::nullopt);

// The explained test snapshot's users by risk, at the served threshold.
RankedUsers BacktestRanking(const ServedArtifacts& artifacts);

}  // namespace churn::server

#include "server/scoring_answers.h"

#include <fmt/format.h>

#include "server/request_error.h"

namespace churn::server {
namespace {

constexpr const char* kNoScoringYet =
    "no scoring yet: run `churn-radar score` (or `churn-radar run`) to score today's customers";

const ServedScoring& ScoringOf(const ServedScorings& scorings, std::string_view as_of) {
  const ServedScoring* scoring = scorings.Find(as_of);
  if (scoring != nullptr) {
    return *scoring;
  }
  if (scorings.all().empty()) {
    throw RequestError(HttpStatus::kNotFound, kNoScoringYet);
  }
  throw RequestError(HttpStatus::kNotFound,
                     fmt::format("no scoring as of '{}': GET /api/scorings lists them (or ask "
                                 "for 'latest')",
                                 as_of));
}

}  // namespace

const std::string& ScoringSummaryJson(const ServedScorings& scorings, std::string_view as_of) {
  return ScoringOf(scorings, as_of).summary_json;
}

const std::string& ScoringDriftJson(const ServedScorings& scorings, std::string_view as_of) {
  return ScoringOf(scorings, as_of).drift_json;
}

RankedUsers AtRiskRanking(const ServedScorings& scorings, std::optional<std::string_view> order) {
  const ServedScoring* current = scorings.current();
  if (current == nullptr) {
    throw RequestError(HttpStatus::kNotFound, kNoScoringYet);
  }
  const CustomerValueTable* values = current->values ? &*current->values : nullptr;
  RiskOrder chosen = ParseRiskOrder(order, current->rank_by, values != nullptr);
  return {.store = &current->store,
          .by_risk = chosen == RiskOrder::kValueAtRisk ? &scorings.by_value_at_risk()
                                                       : &scorings.by_risk(),
          .threshold = current->threshold,
          .shape = RiskListShape::kAtRisk,
          .as_of = current->as_of,
          .order = chosen,
          .values = values};
}

RankedUsers BacktestRanking(const ServedArtifacts& artifacts) {
  return {.store = &artifacts.store(),
          .by_risk = &artifacts.by_risk(),
          .threshold = artifacts.bundle().threshold,
          .shape = RiskListShape::kBacktest,
          .as_of = {},
          .order = RiskOrder::kProbability,
          .values = nullptr};
}

}  // namespace churn::server

#include "server/risk_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "events/csv_field.h"
#include "model/risk_band.h"
#include "server/query_parameters.h"
#include "server/request_error.h"

namespace churn::server {
namespace {

// How many users of the risk order reach `min_probability`.
std::size_t UsersAtRisk(const ServedArtifacts& artifacts, double min_probability) {
  const std::vector<std::size_t>& order = artifacts.by_risk();
  auto end = std::partition_point(order.begin(), order.end(), [&](std::size_t index) {
    return artifacts.store().At(index).probability >= min_probability;
  });
  return static_cast<std::size_t>(end - order.begin());
}

// Calls visit(user) for the first `top` users at or above the minimum.
template <typename Visit>
std::size_t VisitTop(const ServedArtifacts& artifacts, const RiskQuery& query, Visit visit) {
  std::size_t total = UsersAtRisk(artifacts, query.min_probability);
  std::size_t shown = std::min(total, query.top);
  for (std::size_t rank = 0; rank < shown; ++rank) {
    visit(artifacts.store().At(artifacts.by_risk()[rank]));
  }
  return total;
}

}  // namespace

RiskQuery ParseRiskQuery(std::optional<std::string_view> top,
                         std::optional<std::string_view> min_risk, double threshold) {
  RiskQuery query;
  query.top = QueryCount("top", top, kDefaultRiskListSize, 1, kMaxRiskListSize);
  if (!min_risk) {
    return query;
  }
  for (const model::RiskBandFloor& band : model::RiskBandFloors(threshold)) {
    if (*min_risk == band.name) {
      query.min_probability = band.min_probability;
      return query;
    }
  }
  try {
    query.min_probability = QueryNumber("min_risk", min_risk, 0, 0, 1);
  } catch (const RequestError&) {
    throw RequestError(HttpStatus::kBadRequest,
                       fmt::format("query parameter 'min_risk' must be a probability from 0 to "
                                   "1 or a risk band (high, medium, low), got '{}'",
                                   *min_risk));
  }
  return query;
}

std::string RiskListJson(const ServedArtifacts& artifacts, const RiskQuery& query) {
  const model::ModelBundle& bundle = artifacts.bundle();
  nlohmann::json users = nlohmann::json::array();
  std::size_t total = VisitTop(artifacts, query, [&](const explain::StoredUser& user) {
    users.push_back({{"user_id", user.user_id},
                     {"snapshot", user.cutoff},
                     {"probability", user.probability},
                     {"risk_band", bundle.RiskBand(user.probability)},
                     {"label", bundle.Flagged(user.probability) ? 1 : 0}});
  });
  nlohmann::json json = {{"threshold", bundle.threshold},
                         {"min_probability", query.min_probability},
                         {"total", total},
                         {"users", std::move(users)}};
  return json.dump();
}

std::string RiskListCsv(const ServedArtifacts& artifacts, const RiskQuery& query) {
  const model::ModelBundle& bundle = artifacts.bundle();
  std::string text = "user_id,snapshot,probability,risk_band,label\n";
  VisitTop(artifacts, query, [&](const explain::StoredUser& user) {
    events::AppendCsvField(user.user_id, &text);
    fmt::format_to(std::back_inserter(text), ",{},{},{},{}\n", user.cutoff, user.probability,
                   bundle.RiskBand(user.probability), bundle.Flagged(user.probability) ? 1 : 0);
  });
  return text;
}

}  // namespace churn::server

#include "server/risk_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>
#include <numeric>

#include "events/csv_field.h"
#include "explain/reason_phrases.h"
#include "model/risk_band.h"
#include "scoring/at_risk_list.h"
#include "scoring/customer_values.h"
#include "server/query_parameters.h"
#include "server/request_error.h"

namespace churn::server {
namespace {

// How many users of the risk order reach `min_probability`.
std::size_t UsersAtRisk(const RankedUsers& users, double min_probability) {
  const std::vector<std::size_t>& order = *users.by_risk;
  auto reaches = [&](std::size_t index) {
    return users.store->At(index).probability >= min_probability;
  };
  if (users.order != RiskOrder::kProbability) {
    return static_cast<std::size_t>(std::count_if(order.begin(), order.end(), reaches));
  }
  return static_cast<std::size_t>(std::partition_point(order.begin(), order.end(), reaches) -
                                  order.begin());
}

// Calls visit(index, user) for the first `top` users at or above the
// minimum, in the list's order; returns how many reach it.
template <typename Visit>
std::size_t VisitTop(const RankedUsers& users, const RiskQuery& query, Visit visit) {
  std::size_t total = UsersAtRisk(users, query.min_probability);
  std::size_t shown = std::min(total, query.top);
  for (auto index = users.by_risk->begin(); shown > 0; ++index) {
    explain::StoredUser user = users.store->At(*index);
    if (user.probability >= query.min_probability) {
      visit(*index, user);
      --shown;
    }
  }
  return total;
}

bool Flagged(const RankedUsers& users, double probability) {
  return probability >= users.threshold;
}

std::string_view Band(const RankedUsers& users, double probability) {
  return model::RiskBandOf(probability, users.threshold);
}

// The user's top reasons in words, as many as at_risk.csv has at most.
std::vector<std::string> ReasonPhrases(const explain::ShapStore& store,
                                       const explain::StoredUser& user) {
  std::size_t features = store.features().size();
  std::vector<explain::Reason> reasons = explain::TopReasons(
      store.features(), user.values, user.shap.first(features), scoring::kAtRiskReasons);
  std::vector<std::string> phrases;
  phrases.reserve(reasons.size());
  for (explain::Reason& reason : reasons) {
    phrases.push_back(std::move(reason.phrase));
  }
  return phrases;
}

// The user's customer values as JSON, each null when the scoring has none
// (and P(alive) for a user who never bought).
void AddValueJson(const CustomerValueTable* values, std::size_t index, nlohmann::json* entry) {
  if (values == nullptr) {
    for (const char* field : {"p_alive", "expected_purchases", "expected_value", "value_at_risk"}) {
      (*entry)[field] = nullptr;
    }
    return;
  }
  entry->update(CustomerValueJson(values->At(index)));
}

// at_risk.csv's four value cells (with their leading commas): the figures
// as the scoring wrote them, empty when it has none.
void AppendStoredValueCells(const CustomerValueTable* values, std::size_t index,
                            std::string* text) {
  if (values == nullptr) {
    text->append(",,,,");
    return;
  }
  const CustomerValueRow& row = values->At(index);
  scoring::AppendValueCells({.p_alive = row.p_alive.value_or(std::nan("")),
                             .expected_purchases = row.expected_purchases,
                             .expected_value = row.expected_value},
                            row.value_at_risk, text);
}

nlohmann::json EntryJson(const RankedUsers& users, std::size_t index,
                         const explain::StoredUser& user) {
  bool flagged = Flagged(users, user.probability);
  if (users.shape == RiskListShape::kBacktest) {
    return {{"user_id", user.user_id},
            {"snapshot", user.cutoff},
            {"probability", user.probability},
            {"risk_band", Band(users, user.probability)},
            {"label", flagged ? 1 : 0}};
  }
  nlohmann::json entry = {{"user_id", user.user_id},
                          {"probability", user.probability},
                          {"band", Band(users, user.probability)},
                          {"flagged", flagged ? 1 : 0}};
  AddValueJson(users.values, index, &entry);
  entry["reasons"] = ReasonPhrases(*users.store, user);
  return entry;
}

void AppendCsvLine(const RankedUsers& users, std::size_t index, const explain::StoredUser& user,
                   std::string* text) {
  events::AppendCsvField(user.user_id, text);
  int flagged = Flagged(users, user.probability) ? 1 : 0;
  if (users.shape == RiskListShape::kBacktest) {
    fmt::format_to(std::back_inserter(*text), ",{},{},{},{}\n", user.cutoff, user.probability,
                   Band(users, user.probability), flagged);
    return;
  }
  fmt::format_to(std::back_inserter(*text), ",{},{},{},{}", users.as_of, user.probability,
                 Band(users, user.probability), flagged);
  AppendStoredValueCells(users.values, index, text);
  std::vector<std::string> phrases = ReasonPhrases(*users.store, user);
  for (std::size_t reason_idx = 0; reason_idx < scoring::kAtRiskReasons; ++reason_idx) {
    text->push_back(',');
    if (reason_idx < phrases.size()) {
      events::AppendCsvField(phrases[reason_idx], text);
    }
  }
  text->push_back('\n');
}

}  // namespace

std::vector<std::size_t> OrderByRisk(const explain::ShapStore& store) {
  std::vector<std::size_t> order(store.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<double> probabilities(store.size());
  for (std::size_t index = 0; index < store.size(); ++index) {
    probabilities[index] = store.At(index).probability;
  }
  // Stable over the store's user id order: ties stay in user id order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return probabilities[left] > probabilities[right];
  });
  return order;
}

std::string_view RiskOrderName(RiskOrder order) {
  return order == RiskOrder::kValueAtRisk ? "value_at_risk" : "probability";
}

std::optional<RiskOrder> RiskOrderNamed(std::string_view name) {
  for (RiskOrder order : {RiskOrder::kProbability, RiskOrder::kValueAtRisk}) {
    if (name == RiskOrderName(order)) {
      return order;
    }
  }
  return std::nullopt;
}

RiskOrder ParseRiskOrder(std::optional<std::string_view> order, RiskOrder fallback,
                         bool has_values) {
  if (!order) {
    return fallback;
  }
  std::optional<RiskOrder> named = RiskOrderNamed(*order);
  if (!named) {
    throw RequestError(HttpStatus::kBadRequest,
                       fmt::format("query parameter 'order' must be probability or "
                                   "value_at_risk, got '{}'",
                                   *order));
  }
  if (*named == RiskOrder::kValueAtRisk && !has_values) {
    throw RequestError(HttpStatus::kBadRequest,
                       "order=value_at_risk needs customer values, and this scoring has none "
                       "(its summary's value.why_not says why)");
  }
  return *named;
}

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

std::string RiskListJson(const RankedUsers& users, const RiskQuery& query) {
  nlohmann::json entries = nlohmann::json::array();
  std::size_t total =
      VisitTop(users, query, [&](std::size_t index, const explain::StoredUser& user) {
        entries.push_back(EntryJson(users, index, user));
      });
  nlohmann::json json = {{"threshold", users.threshold},
                         {"min_probability", query.min_probability},
                         {"total", total},
                         {"users", std::move(entries)}};
  if (users.shape == RiskListShape::kAtRisk) {
    json["as_of"] = users.as_of;
    json["order"] = RiskOrderName(users.order);
  }
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string RiskListCsv(const RankedUsers& users, const RiskQuery& query) {
  static_assert(scoring::kAtRiskReasons == 3, "the at-risk header names three reasons");
  std::string text = users.shape == RiskListShape::kBacktest
                         ? "user_id,snapshot,probability,risk_band,label\n"
                         : "user_id,as_of,probability,band,flagged,p_alive,expected_purchases,"
                           "expected_value,value_at_risk,reason_1,reason_2,reason_3\n";
  VisitTop(users, query, [&](std::size_t index, const explain::StoredUser& user) {
    AppendCsvLine(users, index, user, &text);
  });
  return text;
}

}  // namespace churn::server

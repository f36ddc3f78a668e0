#pragma once
// The value side of a scoring: the customer-value model fitted at the
// as-of date on every customer with a purchase before it, each scored
// user's P(alive), expected purchases and value over the horizon, and the
// value at risk (churn probability times expected value) that the at-risk
// list can be ranked by. Without a model (too few repeat buyers, say) the
// scoring goes on without values and says why.
//
//   ScoredValues values = ValueScoredUsers(at.customers, at.purchases, probabilities,
//                                          at.cutoff, config.value, threads);
//   WriteCustomerValues(folder / kCustomerValuesFile, user_ids, values);

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "features/customer_base.h"
#include "value/customer_value.h"
#include "value/value_config.h"
#include "value/value_model.h"

namespace churn::scoring {

struct ScoredValues {
  std::optional<value::ValueModel> model;
  std::string why_not;                      // when there is no model
  std::vector<value::CustomerValue> users;  // per row; empty without a model
  std::vector<double> value_at_risk;        // per row; empty without a model
  value::RankBy rank_by = value::RankBy::kProbability;
  value::ValueHorizon horizon;  // as configured
  // Over the scored users, with a model: those who have bought, and sums.
  std::size_t customers = 0;
  double total_expected_value = 0;
  double total_value_at_risk = 0;
};

// `purchases` and `probabilities`: one per scored row. Throws InputError
// when ranking by value at risk is asked for and no model could be fitted
// or used.
ScoredValues ValueScoredUsers(const features::CustomerBase& customers,
                              std::span<const features::PurchaseHistory> purchases,
                              std::span<const double> probabilities, const std::string& as_of,
                              const value::ValueConfig& config, int threads);

// One user's four value cells, as at_risk.csv and customer_values.csv (and
// the API's CSV) write them, each with its leading comma:
// ",p_alive,expected_purchases,expected_value,value_at_risk", p_alive empty
// when it is NaN (a user who never bought).
void AppendValueCells(const value::CustomerValue& user, double value_at_risk, std::string* text);

// customer_values.csv, in the order of the scoring's SHAP store (by user
// id, explain::ShapStoreOrder), so that line i + 1 is the store's user i;
// written atomically.
void WriteCustomerValues(const std::filesystem::path& path, std::span<const std::string> user_ids,
                         const ScoredValues& values);

// summary.json's "value": totals and value at risk by band (`bands` of the
// users' band names, highest first; `band_of_row` per row).
nlohmann::json ValueSummaryJson(const ScoredValues& values, std::span<const std::string> bands,
                                std::span<const std::string_view> band_of_row);

}  // namespace churn::scoring

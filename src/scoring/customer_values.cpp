#include "scoring/customer_values.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "config/enum_names.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/csv_field.h"
#include "explain/shap_store.h"

namespace churn::scoring {
void AppendValueCells(const value::CustomerValue& user, double value_at_risk, std::string* text) {
  text->push_back(',');
  if (!std::isnan(user.p_alive)) {
    fmt::format_to(std::back_inserter(*text), "{}", user.p_alive);
  }
  fmt::format_to(std::back_inserter(*text), ",{},{},{}", user.expected_purchases,
                 user.expected_value, value_at_risk);
}

namespace {

// The users' values under `model`, or why there are none: Boost.Math could
// not evaluate one, or a figure is not a finite number.
std::string ValueUsers(const value::ValueModel& model,
                       std::span<const features::PurchaseHistory> purchases, int threads,
                       ScoredValues& values) {
  try {
    values.users = value::ValueCustomers(model.Parameters(), purchases, values.horizon, threads);
  } catch (const InputError& error) {
    return error.what();
  }
  for (const value::CustomerValue& user : values.users) {
    if (!std::isfinite(user.expected_purchases) || !std::isfinite(user.expected_value)) {
      return fmt::format("a customer's expected value is {} (expected purchases {})",
                         user.expected_value, user.expected_purchases);
    }
  }
  return {};
}

// Gives up the values: the scoring goes on without them, unless its list
// is to be ranked by them.
void GiveUpValues(std::string why_not, const std::string& as_of, ScoredValues& values) {
  if (values.rank_by == value::RankBy::kValueAtRisk) {
    throw InputError(fmt::format("cannot rank by value at risk: {}", why_not));
  }
  spdlog::warn("no customer value as of {}: {}", as_of, why_not);
  values.why_not = std::move(why_not);
  values.model.reset();
  values.users.clear();
}

}  // namespace

ScoredValues ValueScoredUsers(const features::CustomerBase& customers,
                              std::span<const features::PurchaseHistory> purchases,
                              std::span<const double> probabilities, const std::string& as_of,
                              const value::ValueConfig& config, int threads) {
  ScoredValues values;
  values.rank_by = config.rank_by;
  values.horizon = {.days = static_cast<double>(config.horizon_days),
                    .monthly_discount_rate = config.monthly_discount_rate};
  value::ValueFitOutcome fitted = value::FitValueModel(customers, as_of, config);
  if (!fitted.model) {
    GiveUpValues(std::move(fitted.why_not), as_of, values);
    return values;
  }
  if (std::string why_not = ValueUsers(*fitted.model, purchases, threads, values);
      !why_not.empty()) {
    GiveUpValues(std::move(why_not), as_of, values);
    return values;
  }
  for (const std::string& warning : fitted.model->warnings) {
    spdlog::warn("customer value: {}", warning);
  }
  values.value_at_risk.resize(values.users.size());
  for (std::size_t row = 0; row < values.users.size(); ++row) {
    values.value_at_risk[row] = probabilities[row] * values.users[row].expected_value;
    values.customers += std::isnan(values.users[row].p_alive) ? 0 : 1;
    values.total_expected_value += values.users[row].expected_value;
    values.total_value_at_risk += values.value_at_risk[row];
  }
  values.model = std::move(fitted.model);
  return values;
}

void WriteCustomerValues(const std::filesystem::path& path, std::span<const std::string> user_ids,
                         const ScoredValues& values) {
  events::AtomicFileWriter file(path);
  std::string text = "user_id,p_alive,expected_purchases,expected_value,value_at_risk\n";
  constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
  for (std::size_t row : explain::ShapStoreOrder(user_ids)) {
    events::AppendCsvField(user_ids[row], &text);
    AppendValueCells(values.users[row], values.value_at_risk[row], &text);
    text += '\n';
    if (text.size() > kFlushBytes) {
      file.Write(text);
      text.clear();
    }
  }
  file.Write(text);
  file.Commit();
}

nlohmann::json ValueSummaryJson(const ScoredValues& values, std::span<const std::string> bands,
                                std::span<const std::string_view> band_of_row) {
  nlohmann::json summary = {
      {"available", values.model.has_value()},
      {"why_not", values.model ? nlohmann::json(nullptr) : nlohmann::json(values.why_not)},
      {"horizon_days", values.horizon.days},
      {"monthly_discount_rate", values.horizon.monthly_discount_rate},
      {"rank_by", std::string(config::NameOf(value::kRankByNames, values.rank_by))},
      {"customers", 0},
      {"expected_value", 0.0},
      {"value_at_risk", 0.0},
      {"by_band", nlohmann::json::array()},
      {"warnings", values.model ? values.model->warnings : std::vector<std::string>()},
      {"converged", values.model && values.model->Converged()}};
  if (!values.model) {
    return summary;
  }
  summary["customers"] = values.customers;
  summary["expected_value"] = values.total_expected_value;
  summary["value_at_risk"] = values.total_value_at_risk;
  for (const std::string& band : bands) {
    std::size_t users = 0;
    double band_value = 0;
    double band_at_risk = 0;
    for (std::size_t row = 0; row < values.users.size(); ++row) {
      if (band_of_row[row] == band) {
        ++users;
        band_value += values.users[row].expected_value;
        band_at_risk += values.value_at_risk[row];
      }
    }
    summary["by_band"].push_back({{"band", band},
                                  {"users", users},
                                  {"expected_value", band_value},
                                  {"value_at_risk", band_at_risk}});
  }
  return summary;
}

}  // namespace churn::scoring

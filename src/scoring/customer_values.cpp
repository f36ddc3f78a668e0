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
namespace {

// A figure for the CSV: empty when it is not a number (no customer yet).
void AppendFigure(double figure, std::string* text) {
  if (std::isfinite(figure)) {
    fmt::format_to(std::back_inserter(*text), ",{}", figure);
  } else {
    text->push_back(',');
  }
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
    if (config.rank_by == value::RankBy::kValueAtRisk) {
      throw InputError(fmt::format("cannot rank by value at risk: {}", fitted.why_not));
    }
    spdlog::warn("no customer value as of {}: {}", as_of, fitted.why_not);
    values.why_not = std::move(fitted.why_not);
    return values;
  }
  for (const std::string& warning : fitted.model->warnings) {
    spdlog::warn("customer value: {}", warning);
  }
  values.users =
      value::ValueCustomers(fitted.model->Parameters(), purchases, values.horizon, threads);
  values.value_at_risk.resize(values.users.size());
  for (std::size_t row = 0; row < values.users.size(); ++row) {
    values.value_at_risk[row] = probabilities[row] * values.users[row].expected_value;
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
    const value::CustomerValue& user = values.users[row];
    events::AppendCsvField(user_ids[row], &text);
    AppendFigure(user.p_alive, &text);
    AppendFigure(user.expected_purchases, &text);
    AppendFigure(user.expected_value, &text);
    AppendFigure(values.value_at_risk[row], &text);
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
  std::size_t customers = 0;
  double expected_value = 0;
  double value_at_risk = 0;
  for (std::size_t row = 0; row < values.users.size(); ++row) {
    customers += std::isfinite(values.users[row].p_alive) ? 1 : 0;
    expected_value += values.users[row].expected_value;
    value_at_risk += values.value_at_risk[row];
  }
  summary["customers"] = customers;
  summary["expected_value"] = expected_value;
  summary["value_at_risk"] = value_at_risk;
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

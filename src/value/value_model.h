#pragma once
// The customer-value model of one cutoff: BG/NBD (purchases and dropout)
// and Gamma-Gamma (spend per purchase) fitted on every customer with a
// purchase before it, in days, with the checks that keep its figures
// honest. `score` and `run` write it as models/value_model.json.
//
//   ValueFitOutcome fitted = FitValueModel(rows.customers, "2020-02-01", config.value);
//   if (!fitted.model) spdlog::warn("no customer value: {}", fitted.why_not);
//   ValueCustomers(fitted.model->Parameters(), rows.purchases, fitted.model->horizon, threads);

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "features/customer_base.h"
#include "value/bgnbd_model.h"
#include "value/customer_value.h"
#include "value/gamma_gamma_model.h"
#include "value/value_config.h"

namespace churn::value {

inline constexpr const char* kValueModelFile = "value_model.json";  // in the models folder
inline constexpr const char* kValueTimeUnit = "day";

struct ValueModel {
  std::string cutoff;  // YYYY-MM-DD
  ValueHorizon horizon;
  double l2_penalty = 0;
  std::int64_t customers = 0;         // with a purchase before the cutoff
  std::int64_t repeat_customers = 0;  // with a purchase on a later day too
  BgNbdFit bgnbd;
  GammaGammaFit gamma_gamma;
  // Between a repeat buyer's frequency and mean spend: Gamma-Gamma assumes none.
  double frequency_spend_correlation = 0;
  std::vector<std::string> warnings;  // a fit that did not converge, a doubtful assumption

  bool Converged() const { return bgnbd.converged && gamma_gamma.converged; }
  ValueParameters Parameters() const {
    return {.bgnbd = bgnbd.parameters, .gamma_gamma = gamma_gamma.parameters};
  }
};

// No model is better than a wrong one: too few customers or repeat buyers,
// or a fit whose figures mean nothing (an infinite mean spend), give none,
// and `why_not` says why in a sentence.
struct ValueFitOutcome {
  std::optional<ValueModel> model;
  std::string why_not;
};

// `customers`: finished (CustomerBase::Finish).
ValueFitOutcome FitValueModel(const features::CustomerBase& customers, std::string cutoff,
                              const ValueConfig& config);

nlohmann::json ValueModelJson(const ValueModel& model);
// Throws nlohmann::json::exception when `json` is no ValueModelJson.
ValueModel ValueModelFromJson(const nlohmann::json& json);

}  // namespace churn::value

#include "value/value_model.h"

#include <fmt/format.h>

#include <cmath>

#include "errors/error.h"

namespace churn::value {
namespace {

// Above this, Gamma-Gamma's independence of spend and frequency is in doubt
// (the `lifetimes` documentation's advice: check the correlation is low).
constexpr double kCorrelationWarning = 0.3;

double FrequencySpendCorrelation(std::span<const features::RepeatSpend> spends) {
  double count = 0;
  double sum_x = 0;
  double sum_m = 0;
  for (const features::RepeatSpend& spend : spends) {
    count += 1;
    sum_x += spend.frequency;
    sum_m += spend.monetary;
  }
  if (count < 2) {
    return 0;
  }
  double mean_x = sum_x / count;
  double mean_m = sum_m / count;
  double cov = 0;
  double var_x = 0;
  double var_m = 0;
  for (const features::RepeatSpend& spend : spends) {
    cov += (spend.frequency - mean_x) * (spend.monetary - mean_m);
    var_x += (spend.frequency - mean_x) * (spend.frequency - mean_x);
    var_m += (spend.monetary - mean_m) * (spend.monetary - mean_m);
  }
  return var_x > 0 && var_m > 0 ? cov / std::sqrt(var_x * var_m) : 0.0;
}

// Why the customers are too few to fit, or empty when they suffice.
std::string TooFew(const features::CustomerBase& customers, const std::string& cutoff,
                   const ValueConfig& config) {
  if (customers.customers() == 0) {
    return fmt::format("no customer bought anything before {}", cutoff);
  }
  auto repeat_spenders = static_cast<std::int64_t>(customers.repeat_spends().size());
  std::int64_t fewest = std::min(customers.repeat_customers(), repeat_spenders);
  if (fewest < config.min_repeat_customers) {
    return fmt::format(
        "only {} of the {} customers before {} bought again on a later day with a positive "
        "spend, fewer than value.min_repeat_customers ({}): too few to fit the BG/NBD and "
        "Gamma-Gamma models",
        fewest, customers.customers(), cutoff, config.min_repeat_customers);
  }
  return {};
}

std::string Unusable(const ValueModel& model) {
  const BgNbdParameters& bgnbd = model.bgnbd.parameters;
  const GammaGammaParameters& gamma = model.gamma_gamma.parameters;
  for (double parameter : {bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b, gamma.p, gamma.q, gamma.v}) {
    if (!std::isfinite(parameter) || parameter <= 0) {
      return "a fitted parameter is not a positive number";
    }
  }
  // E[purchases] divides by a - 1.
  constexpr double kNearOne = 1e-6;
  if (std::abs(bgnbd.a - 1) < kNearOne) {
    return "the BG/NBD fit's a is 1, where its expected purchases are undefined";
  }
  if (gamma.q <= 1) {
    return fmt::format(
        "the Gamma-Gamma fit gives spend per purchase no finite mean (q = {:.3g}, at most 1)",
        gamma.q);
  }
  return {};
}

// Beyond this, a and b together mean no heterogeneity in dropout: the
// likelihood keeps rising along a / (a + b) fixed, and the fit stops
// wherever the optimiser gives up.
constexpr double kUnboundedDropoutShape = 1e4;

void NoteDoubts(ValueModel& model) {
  const BgNbdParameters& bgnbd = model.bgnbd.parameters;
  if (!model.bgnbd.converged && bgnbd.a > kUnboundedDropoutShape &&
      bgnbd.b > kUnboundedDropoutShape) {
    model.warnings.push_back(fmt::format(
        "the BG/NBD fit did not converge: the customers show no difference in how likely they "
        "are to drop out after a purchase, so a and b grow together without bound ({}); it "
        "stopped at a chance of {:.2f} % for everyone, which is what its figures use (a small "
        "value.l2_penalty keeps a and b finite)",
        model.bgnbd.stop_reason, 100 * bgnbd.a / (bgnbd.a + bgnbd.b)));
  } else if (!model.bgnbd.converged) {
    model.warnings.push_back(
        fmt::format("the BG/NBD fit did not converge ({}); its figures are "
                    "those it stopped at",
                    model.bgnbd.stop_reason));
  }
  if (!model.gamma_gamma.converged) {
    model.warnings.push_back(
        fmt::format("the Gamma-Gamma fit did not converge ({}); its figures "
                    "are those it stopped at",
                    model.gamma_gamma.stop_reason));
  }
  if (std::abs(model.frequency_spend_correlation) > kCorrelationWarning) {
    model.warnings.push_back(fmt::format(
        "repeat buyers' spend per purchase correlates with how often they buy ({:.2f}); the "
        "Gamma-Gamma model assumes it does not, so expected values lean that way",
        model.frequency_spend_correlation));
  }
}

}  // namespace

ValueFitOutcome FitValueModel(const features::CustomerBase& customers, std::string cutoff,
                              const ValueConfig& config) {
  ValueFitOutcome outcome;
  outcome.why_not = TooFew(customers, cutoff, config);
  if (!outcome.why_not.empty()) {
    return outcome;
  }
  ValueModel model;
  model.cutoff = std::move(cutoff);
  model.horizon = {.days = static_cast<double>(config.horizon_days),
                   .monthly_discount_rate = config.monthly_discount_rate};
  model.l2_penalty = config.l2_penalty;
  model.customers = customers.customers();
  model.repeat_customers = customers.repeat_customers();
  model.bgnbd = FitBgNbd(customers, config.l2_penalty);
  model.gamma_gamma = FitGammaGamma(customers, config.l2_penalty);
  model.frequency_spend_correlation = FrequencySpendCorrelation(customers.repeat_spends());
  outcome.why_not = Unusable(model);
  if (!outcome.why_not.empty()) {
    return outcome;
  }
  NoteDoubts(model);
  outcome.model = std::move(model);
  return outcome;
}

nlohmann::json ValueModelJson(const ValueModel& model) {
  const BgNbdFit& bgnbd = model.bgnbd;
  const GammaGammaFit& gamma = model.gamma_gamma;
  return {
      {"time_unit", kValueTimeUnit},
      {"cutoff", model.cutoff},
      {"customers", model.customers},
      {"repeat_customers", model.repeat_customers},
      {"log_likelihood", bgnbd.log_likelihood + gamma.log_likelihood},
      {"converged", model.Converged()},
      {"l2_penalty", model.l2_penalty},
      {"horizon_days", model.horizon.days},
      {"monthly_discount_rate", model.horizon.monthly_discount_rate},
      {"bgnbd",
       {{"r", bgnbd.parameters.r},
        {"alpha", bgnbd.parameters.alpha},
        {"a", bgnbd.parameters.a},
        {"b", bgnbd.parameters.b},
        {"customers", bgnbd.customers},
        {"log_likelihood", bgnbd.log_likelihood},
        {"converged", bgnbd.converged},
        {"stop_reason", bgnbd.stop_reason}}},
      {"gamma_gamma",
       {{"p", gamma.parameters.p},
        {"q", gamma.parameters.q},
        {"v", gamma.parameters.v},
        {"customers", gamma.customers},
        {"log_likelihood", gamma.log_likelihood},
        {"converged", gamma.converged},
        {"stop_reason", gamma.stop_reason}}},
      {"frequency_spend_correlation", model.frequency_spend_correlation},
      {"warnings", model.warnings},
  };
}

ValueModel ValueModelFromJson(const nlohmann::json& json) {
  ValueModel model;
  if (json.at("time_unit").get<std::string>() != kValueTimeUnit) {
    throw nlohmann::json::other_error::create(501, "the time unit is not days", &json);
  }
  model.cutoff = json.at("cutoff").get<std::string>();
  model.customers = json.at("customers").get<std::int64_t>();
  model.repeat_customers = json.at("repeat_customers").get<std::int64_t>();
  model.l2_penalty = json.at("l2_penalty").get<double>();
  model.horizon = {.days = json.at("horizon_days").get<double>(),
                   .monthly_discount_rate = json.at("monthly_discount_rate").get<double>()};
  const nlohmann::json& bgnbd = json.at("bgnbd");
  model.bgnbd.parameters = {.r = bgnbd.at("r").get<double>(),
                            .alpha = bgnbd.at("alpha").get<double>(),
                            .a = bgnbd.at("a").get<double>(),
                            .b = bgnbd.at("b").get<double>()};
  model.bgnbd.customers = bgnbd.at("customers").get<std::size_t>();
  model.bgnbd.log_likelihood = bgnbd.at("log_likelihood").get<double>();
  model.bgnbd.converged = bgnbd.at("converged").get<bool>();
  model.bgnbd.stop_reason = bgnbd.at("stop_reason").get<std::string>();
  const nlohmann::json& gamma = json.at("gamma_gamma");
  model.gamma_gamma.parameters = {.p = gamma.at("p").get<double>(),
                                  .q = gamma.at("q").get<double>(),
                                  .v = gamma.at("v").get<double>()};
  model.gamma_gamma.customers = gamma.at("customers").get<std::size_t>();
  model.gamma_gamma.log_likelihood = gamma.at("log_likelihood").get<double>();
  model.gamma_gamma.converged = gamma.at("converged").get<bool>();
  model.gamma_gamma.stop_reason = gamma.at("stop_reason").get<std::string>();
  model.frequency_spend_correlation = json.at("frequency_spend_correlation").get<double>();
  model.warnings = json.at("warnings").get<std::vector<std::string>>();
  return model;
}

}  // namespace churn::value

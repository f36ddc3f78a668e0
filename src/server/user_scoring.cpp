#include "server/user_scoring.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <utility>

#include "model/model_bundle.h"
#include "model/risk_band.h"
#include "report/user_score.h"
#include "server/predict_request.h"
#include "server/request_error.h"

namespace churn::server {

namespace {

// A user as a store holds them, scored at `threshold` (the model's that
// scored them, which a later training may have moved).
nlohmann::json StoredScoreJson(const ServedArtifacts& artifacts, const explain::StoredUser& user,
                               double threshold, std::size_t reasons) {
  report::UserRow row;
  row.user_id = user.user_id;
  row.cutoff = user.cutoff;
  row.values.assign(user.values.begin(), user.values.end());
  row.shap.assign(user.shap.begin(), user.shap.end());
  report::UserScore score =
      report::ScoreUser(artifacts.bundle(), std::move(row), user.probability, reasons);
  score.threshold = threshold;
  score.label = score.probability >= threshold;
  score.risk_band = model::RiskBandOf(score.probability, threshold);
  return report::UserScoreJson(score, artifacts.columns().names);
}

// [{as_of, probability, band}] of every scoring that holds the user, ascending.
nlohmann::json HistoryJson(const ServedScorings& scorings, std::string_view user_id) {
  nlohmann::json history = nlohmann::json::array();
  for (const ServedScoring& scoring : scorings.all()) {
    std::optional<std::size_t> index = scoring.store.Find(user_id);
    if (!index) {
      continue;
    }
    double probability = scoring.store.At(*index).probability;
    history.push_back({{"as_of", scoring.as_of},
                       {"probability", probability},
                       {"band", model::RiskBandOf(probability, scoring.threshold)}});
  }
  return history;
}

// The customer values of the user at `index` of the current scoring, or
// null when it has none.
nlohmann::json ValueJson(const ServedScoring& scoring, std::size_t index) {
  return scoring.values ? CustomerValueJson(scoring.values->At(index)) : nlohmann::json(nullptr);
}

}  // namespace

std::string UserJson(const ServedArtifacts& artifacts, std::string_view user_id,
                     std::size_t reasons) {
  const ServedScoring* current = artifacts.scorings().current();
  // Not `current ? Find : nullopt`: GCC 12 at -O3 then takes the index as
  // read uninitialised where it is read only when set.
  std::optional<std::size_t> now;
  if (current != nullptr) {
    now = current->store.Find(user_id);
  }
  std::optional<std::size_t> tested = artifacts.store().Find(user_id);
  nlohmann::json history = HistoryJson(artifacts.scorings(), user_id);
  if (!now && !tested && history.empty()) {
    throw RequestError(HttpStatus::kNotFound,
                       fmt::format("unknown user '{}': in no scoring and not in the explained "
                                   "test snapshot (POST /api/predict scores any feature values)",
                                   user_id));
  }
  nlohmann::json json =
      now ? StoredScoreJson(artifacts, current->store.At(*now), current->threshold, reasons)
          : nlohmann::json{{"user_id", user_id}, {"probability", nullptr}, {"risk_band", nullptr}};
  json["as_of"] = current ? nlohmann::json(current->as_of) : nlohmann::json(nullptr);
  json["in_current_scoring"] = now.has_value();
  json["value"] = now ? ValueJson(*current, *now) : nlohmann::json(nullptr);
  json["history"] = std::move(history);
  json["backtest"] = tested ? StoredScoreJson(artifacts, artifacts.store().At(*tested),
                                              artifacts.bundle().threshold, reasons)
                            : nlohmann::json(nullptr);
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string PredictJson(const ServedArtifacts& artifacts, std::string_view body,
                        std::size_t reasons) {
  const std::vector<std::string>& features = artifacts.columns().names;
  PredictRequest request = ParsePredictRequest(body, features);
  const model::ModelBundle& bundle = artifacts.bundle();
  // One thread per request: the server's own pool serves requests side by side.
  std::vector<double> probabilities = bundle.Probabilities(request.rows, 1);
  std::vector<float> shap = artifacts.explainer().Explain(request.rows, 1);
  std::size_t width = artifacts.explainer().width();
  nlohmann::json predictions = nlohmann::json::array();
  for (std::size_t entry = 0; entry < request.rows.rows(); ++entry) {
    std::span<const float> values = request.rows.Row(entry);
    std::span<const float> contributions(shap.data() + entry * width, width);
    report::UserRow row;
    row.user_id = request.user_ids[entry];
    row.values.assign(values.begin(), values.end());
    row.shap.assign(contributions.begin(), contributions.end());
    report::UserScore score =
        report::ScoreUser(bundle, std::move(row), probabilities[entry], reasons);
    nlohmann::json json = report::UserScoreJson(score, features);
    json.erase("snapshot");
    json.erase("as_of");     // both the cutoff, which posted values have none of
    json.erase("features");  // the caller sent them
    if (request.user_ids[entry].empty()) {
      json.erase("user_id");
    }
    predictions.push_back(std::move(json));
  }
  if (request.single) {
    return predictions.front().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return nlohmann::json{{"predictions", std::move(predictions)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace churn::server

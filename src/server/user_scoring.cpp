#include "server/user_scoring.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <utility>

#include "model/model_bundle.h"
#include "report/user_score.h"
#include "server/predict_request.h"
#include "server/request_error.h"

namespace churn::server {

std::string StoredUserJson(const ServedArtifacts& artifacts, std::string_view user_id,
                           std::size_t reasons) {
  std::optional<std::size_t> index = artifacts.store().Find(user_id);
  if (!index) {
    throw RequestError(HttpStatus::kNotFound,
                       fmt::format("unknown user '{}': not in the explained test snapshot "
                                   "(POST /api/predict scores any feature values)",
                                   user_id));
  }
  explain::StoredUser user = artifacts.store().At(*index);
  report::UserRow row;
  row.user_id = user.user_id;
  row.cutoff = user.cutoff;
  row.values.assign(user.values.begin(), user.values.end());
  row.shap.assign(user.shap.begin(), user.shap.end());
  report::UserScore score =
      report::ScoreUser(artifacts.bundle(), std::move(row), user.probability, reasons);
  return report::UserScoreJson(score, artifacts.columns().names).dump();
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
    json.erase("features");  // the caller sent them
    if (request.user_ids[entry].empty()) {
      json.erase("user_id");
    }
    predictions.push_back(std::move(json));
  }
  if (request.single) {
    return predictions.front().dump();
  }
  return nlohmann::json{{"predictions", std::move(predictions)}}.dump();
}

}  // namespace churn::server

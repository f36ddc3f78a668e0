#include "report/user_score.h"

#include <cmath>
#include <span>
#include <utility>

namespace churn::report {
namespace {

nlohmann::json ValueJson(float value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json ReasonsJson(const std::vector<explain::Reason>& reasons) {
  nlohmann::json list = nlohmann::json::array();
  for (const explain::Reason& reason : reasons) {
    list.push_back({{"feature", reason.feature},
                    {"phrase", reason.phrase},
                    {"value", std::isfinite(reason.value) ? nlohmann::json(reason.value)
                                                          : nlohmann::json(nullptr)},
                    {"shap", reason.shap},
                    {"raises_risk", reason.raises_risk}});
  }
  return list;
}

}  // namespace

UserScore ScoreUser(const model::ModelBundle& bundle, UserRow row, double probability,
                    std::size_t reasons) {
  UserScore score;
  score.probability = probability;
  score.threshold = bundle.threshold;
  score.label = bundle.Flagged(probability);
  score.risk_band = bundle.RiskBand(probability);
  std::span<const float> shap(row.shap);
  score.reasons =
      explain::TopReasons(bundle.features, row.values, shap.first(bundle.features.size()), reasons);
  score.row = std::move(row);
  return score;
}

nlohmann::json UserScoreJson(const UserScore& score, const std::vector<std::string>& features) {
  nlohmann::json values = nlohmann::json::object();
  nlohmann::json shap = nlohmann::json::object();
  for (std::size_t column = 0; column < features.size(); ++column) {
    values[features[column]] = ValueJson(score.row.values[column]);
    shap[features[column]] = score.row.shap[column];
  }
  nlohmann::json json = {{"user_id", score.row.user_id},
                         {"as_of", score.row.cutoff},
                         {"snapshot", score.row.cutoff},
                         {"probability", score.probability},
                         {"risk_band", score.risk_band},
                         {"label", score.label ? 1 : 0},
                         {"threshold", score.threshold},
                         {"reasons", ReasonsJson(score.reasons)},
                         {"base_value", score.row.shap.back()},
                         {"shap", shap},
                         {"features", values}};
  if (!score.row.source.empty()) {
    json["source"] = score.row.source;
  }
  return json;
}

}  // namespace churn::report

#pragma once
// One scored user as `predict --user-id` and the dashboard's API report them:
// the calibrated probability, its risk band and label at the threshold, the
// top reasons in words, and every feature's value and SHAP contribution.
//
//   UserScore score = ScoreUser(bundle, std::move(row), probability, 5);
//   nlohmann::json json = UserScoreJson(score);

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "explain/reason_phrases.h"
#include "model/model_bundle.h"

namespace churn::report {

// What is known of a user before scoring: who, when, and their row.
struct UserRow {
  std::string user_id;
  std::string cutoff;         // the snapshot date, YYYY-MM-DD, or empty
  std::string source;         // where the row came from, for people reading it; may be empty
  std::vector<float> values;  // one per feature, in the bundle's column order
  std::vector<float> shap;    // one per feature, then the base value
};

struct UserScore {
  UserRow row;
  double probability = 0;
  std::string_view risk_band;
  bool label = false;  // flagged at the threshold
  double threshold = 0;
  std::vector<explain::Reason> reasons;
};

// The band, label and top `reasons` of a user whose calibrated probability
// the caller computed (or read from a SHAP store).
UserScore ScoreUser(const model::ModelBundle& bundle, UserRow row, double probability,
                    std::size_t reasons);

// {"user_id", "as_of" and "snapshot" (both the cutoff the user was scored
//  at), "probability", "risk_band", "label", "threshold",
//  "reasons": [{feature, phrase, value, shap, raises_risk}], "base_value",
//  "shap": {feature: value}, "features": {feature: value}} and "source" when
// known. A NaN feature value (missing) is null.
nlohmann::json UserScoreJson(const UserScore& score, const std::vector<std::string>& features);

}  // namespace churn::report

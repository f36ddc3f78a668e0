#pragma once
// The two ways the API scores one user: GET /api/users/{id} reads them from
// the SHAP store of the test snapshot; POST /api/predict scores posted
// feature values with the model, its calibration and exact SHAP values.
// Both answer with report::UserScoreJson's fields, so a client reads one
// shape.

#include <cstddef>
#include <string>
#include <string_view>

#include "server/served_artifacts.h"

namespace churn::server {

inline constexpr std::size_t kDefaultReasons = 5;
inline constexpr std::size_t kMaxReasons = 100;  // as `predict --reasons`

// Throws RequestError (404) for a user the store does not hold.
std::string StoredUserJson(const ServedArtifacts& artifacts, std::string_view user_id,
                           std::size_t reasons);

// One object in, one object out; a list in, {"predictions": [...]} out.
// Throws RequestError (400) for a body ParsePredictRequest refuses.
std::string PredictJson(const ServedArtifacts& artifacts, std::string_view body,
                        std::size_t reasons);

}  // namespace churn::server

#pragma once
// The two ways the API scores one user: GET /api/users/{id} reads them from
// the SHAP stores of the current scoring (with the user's history over every
// scoring) and of the test snapshot (the backtest); POST /api/predict scores
// posted feature values with the model, its calibration and exact SHAP
// values. Both answer with report::UserScoreJson's fields, so a client reads
// one shape.

#include <cstddef>
#include <string>
#include <string_view>

#include "server/served_artifacts.h"

namespace churn::server {

inline constexpr std::size_t kDefaultReasons = 5;
inline constexpr std::size_t kMaxReasons = 100;  // as `predict --reasons`

// The current scoring's UserScoreJson of the user at the top level, with
// "as_of" (the current scoring's date, null without one) and
// "in_current_scoring"; when the current scoring does not hold the user,
// only "user_id" and a null "probability" and "risk_band" beside those.
// "value": the user's {p_alive, expected_purchases, expected_value,
// value_at_risk} in the current scoring, null when it has no customer
// values or not the user (and p_alive null for one who never bought). Then
// "history": [{as_of, probability, band}] over every scoring that holds the
// user, ascending, and "backtest": the test snapshot's UserScoreJson or
// null. Throws RequestError (404) for a user no store holds.
std::string UserJson(const ServedArtifacts& artifacts, std::string_view user_id,
                     std::size_t reasons);

// One object in, one object out; a list in, {"predictions": [...]} out.
// Throws RequestError (400) for a body ParsePredictRequest refuses.
std::string PredictJson(const ServedArtifacts& artifacts, std::string_view body,
                        std::size_t reasons);

}  // namespace churn::server

#pragma once
// The body of POST /api/predict: one object, or a list of objects, of
// feature values matched by name to the model's columns, with an optional
// "user_id" to echo back:
//
//   {"user_id": "u1", "clicks": 12, "purchases": 0, ...}
//   [{"clicks": 12, ...}, {"clicks": 3, ...}]
//
// Every feature must be present, as a finite number that fits a float; any
// other field is an error. Errors name the entry and the field, also where
// the body is not JSON because a writer put NaN or Infinity in it. A
// user_id is a string or an integer of any length, kept as its digits.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::server {

inline constexpr std::size_t kMaxPredictRows = 10000;

struct PredictRequest {
  dataset::FeatureMatrix rows;
  std::vector<std::string> user_ids;  // empty where the entry gave none
  bool single = false;                // one object in: one object out
};

// Throws RequestError (400) for a body that is not JSON, not an object or a
// list of objects, empty, longer than kMaxPredictRows, or with a missing,
// unknown, mistyped or non-finite field.
PredictRequest ParsePredictRequest(std::string_view body, const std::vector<std::string>& features);

}  // namespace churn::server

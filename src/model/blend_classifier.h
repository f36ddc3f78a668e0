#pragma once
// A blend: one more candidate made of other fitted models, whose log-odds are
// the weighted mean of its members' log-odds,
//
//   margin(x) = sum_i w_i * margin_i(x),  sum_i w_i = 1.
//
// Averaging margins rather than probabilities keeps the blend exactly
// explainable: SHAP values are linear in the model's output, so the blend's
// values (and base value) are the same weighted sum of its members' exact
// values, and a row's values plus its base value still equal its margin.
//
//   std::vector<BlendMember> members;
//   members.push_back({CopyClassifier(*trees, features), 0.5});
//   members.push_back({CopyClassifier(*logistic, features), 0.5});
//   std::unique_ptr<Classifier> blend = MakeBlend(std::move(members));
//
// Saved, a blend is {"blend": {"members": [{"model_type": "xgboost",
// "weight": 0.5, "model": {<the member's own JSON>}}, ...]}}; LoadClassifier
// (classifier_json.h) reads it back.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/classifier.h"
#include "model/model_kind.h"

namespace churn::model {

// What is wrong with `members` as a blend, or nothing: fewer than two
// members, a missing or nested (blend) member, a weight that is not a finite
// number above 0, or members scoring different features.
std::optional<std::string> BlendProblem(std::span<const BlendMember> members);

// The blend of `members`, which it owns. Their weights are normalised to sum
// 1; weights that already sum to 1 up to rounding are kept exactly as given,
// so that a saved blend loads with the very weights it was saved with.
// InternalError naming the problem (BlendProblem) otherwise.
std::unique_ptr<Classifier> MakeBlend(std::vector<BlendMember> members);

// One member as a saved blend holds it: its family, its own JSON text (the
// "model" object written out again) and its weight.
struct SavedBlendMember {
  ModelKind kind = ModelKind::kLogreg;
  std::string json;
  double weight = 0;
};

// The members of a blend saved by its ToJson, not yet loaded. InputError
// naming what is wrong: not JSON, no "blend"."members" array, a member
// without a known non-blend "model_type", a finite "weight" above 0 or a
// "model" object.
std::vector<SavedBlendMember> ReadBlendJson(const std::string& json);

}  // namespace churn::model

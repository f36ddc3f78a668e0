#pragma once
// The two models the blend tests blend: small boosted trees and a logistic
// model, both fitted on the synthetic churn rows (finite values only, as the
// logistic model needs), and rows to check them on.

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "model/blend_classifier.h"
#include "model/boosted_trees.h"
#include "model/logistic_regression.h"
#include "model/synthetic_churn_rows.h"

namespace churn::model::testing {

struct BlendParts {
  std::unique_ptr<Classifier> trees;
  std::unique_ptr<Classifier> logistic;
  dataset::LabelledRows rows;  // rows to check on, not fitted on
};

inline BlendParts FitBlendParts(std::uint64_t seed) {
  constexpr std::size_t kTrainRows = 2000;
  constexpr std::size_t kCheckRows = 500;
  constexpr int kThreads = 2;
  BoostedTreesParams params;
  params.rounds = 30;
  params.max_depth = 3;
  params.learning_rate = 0.3;
  params.early_stopping_rounds = 0;
  dataset::LabelledRows train = SyntheticChurnRows(kTrainRows, seed);
  dataset::LabelledRows validation = SyntheticChurnRows(kCheckRows, seed + 1);
  BlendParts parts;
  parts.trees =
      FitBoostedTrees(ModelKind::kXgboost, params, train, validation, kThreads, seed, nullptr);
  parts.logistic = FitLogisticRegression(LogisticParams{}, train);
  parts.rows = SyntheticChurnRows(kCheckRows, seed + 2);
  return parts;
}

// The blend of the parts, which it takes, with the given weights.
inline std::unique_ptr<Classifier> BlendOf(BlendParts& parts, double trees_weight,
                                           double logistic_weight) {
  std::vector<BlendMember> members;
  members.push_back({.classifier = std::move(parts.trees), .weight = trees_weight});
  members.push_back({.classifier = std::move(parts.logistic), .weight = logistic_weight});
  return MakeBlend(std::move(members));
}

}  // namespace churn::model::testing

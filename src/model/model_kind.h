#pragma once
// The model families `train` fits and compares, and their names: the config
// file's `train.candidates`, the manifest's `model_type`, the reports.

#include "config/enum_names.h"

namespace churn::model {

enum class ModelKind {
  kXgboost,          // depth-wise boosted trees
  kXgboostLeafwise,  // leaf-wise boosted trees (grow_policy lossguide)
  kLogreg,           // L2-regularised logistic regression
};

inline constexpr config::EnumNames<ModelKind, 3> kModelKindNames = {{
    {"xgboost", ModelKind::kXgboost},
    {"xgboost_leafwise", ModelKind::kXgboostLeafwise},
    {"logreg", ModelKind::kLogreg},
}};

inline bool IsBoostedTrees(ModelKind kind) {
  return kind != ModelKind::kLogreg;
}

}  // namespace churn::model

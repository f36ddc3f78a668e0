#pragma once
// The model families `train` fits and compares, and their names: the config
// file's `train.candidates`, the manifest's `model_type`, the reports. A
// blend is fitted from the other candidates once they are fitted
// (blend_classifier.h).

#include "config/enum_names.h"

namespace churn::model {

enum class ModelKind {
  kXgboost,          // depth-wise boosted trees
  kXgboostLeafwise,  // leaf-wise boosted trees (grow_policy lossguide)
  kLogreg,           // L2-regularised logistic regression
  kBlend,            // a weighted mean of other fitted models' margins
};

inline constexpr config::EnumNames<ModelKind, 4> kModelKindNames = {{
    {"xgboost", ModelKind::kXgboost},
    {"xgboost_leafwise", ModelKind::kXgboostLeafwise},
    {"logreg", ModelKind::kLogreg},
    {"blend", ModelKind::kBlend},
}};

inline bool IsBoostedTrees(ModelKind kind) {
  return kind == ModelKind::kXgboost || kind == ModelKind::kXgboostLeafwise;
}

}  // namespace churn::model

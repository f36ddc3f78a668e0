#pragma once
// A classifier from its own JSON (Classifier::ToJson), whichever family:
// what LoadModelBundle reads model.json with, what a saved blend reads its
// members with, and how a fitted model is copied:
//
//   std::unique_ptr<Classifier> loaded = LoadClassifier(ModelKind::kBlend, text, features);
//   std::unique_ptr<Classifier> copy = CopyClassifier(*fitted, features);

#include <memory>
#include <string>
#include <vector>

#include "model/classifier.h"
#include "model/model_kind.h"

namespace churn::model {

// The `kind` model saved as `model_text`, scoring `features` (in order).
// InputError naming what is wrong when the text is not such a model (see
// LoadBoostedTrees, LoadLogisticRegression and ReadBlendJson); a blend's
// member's error names the member.
std::unique_ptr<Classifier> LoadClassifier(ModelKind kind, std::string model_text,
                                           const std::vector<std::string>& features);

// An independent copy of `classifier`, scoring `features`, made through its
// own JSON: it scores exactly as the original, as the same model saved and
// loaded again would. A blend built from the copies of a training run's
// candidates owns its members while the run keeps the originals.
std::unique_ptr<Classifier> CopyClassifier(const Classifier& classifier,
                                           const std::vector<std::string>& features);

}  // namespace churn::model

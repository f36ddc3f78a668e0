#include "model/classifier_json.h"

#include <fmt/format.h>

#include <utility>

#include "errors/error.h"
#include "model/blend_classifier.h"
#include "model/boosted_trees.h"
#include "model/logistic_regression.h"

namespace churn::model {
namespace {

// Each member loaded as a model of its own; an error names the member, since
// the members' loaders do not know they are read inside a blend.
std::unique_ptr<Classifier> LoadBlend(const std::string& model_text,
                                      const std::vector<std::string>& features) {
  std::vector<SavedBlendMember> saved = ReadBlendJson(model_text);
  std::vector<BlendMember> members;
  members.reserve(saved.size());
  for (std::size_t member_idx = 0; member_idx < saved.size(); ++member_idx) {
    try {
      members.push_back({.classifier = LoadClassifier(saved[member_idx].kind,
                                                      std::move(saved[member_idx].json), features),
                         .weight = saved[member_idx].weight});
    } catch (const InputError& error) {
      throw InputError(fmt::format("blend model JSON: member {} ({}): {}", member_idx + 1,
                                   config::NameOf(kModelKindNames, saved[member_idx].kind),
                                   error.what()));
    }
  }
  if (std::optional<std::string> problem = BlendProblem(members)) {
    throw InputError(fmt::format("blend model JSON: {}", *problem));
  }
  return MakeBlend(std::move(members));
}

}  // namespace

std::unique_ptr<Classifier> LoadClassifier(ModelKind kind, std::string model_text,
                                           const std::vector<std::string>& features) {
  if (IsBoostedTrees(kind)) {
    return LoadBoostedTrees(kind, std::move(model_text), features);
  }
  if (kind == ModelKind::kBlend) {
    return LoadBlend(model_text, features);
  }
  return LoadLogisticRegression(model_text);
}

std::unique_ptr<Classifier> CopyClassifier(const Classifier& classifier,
                                           const std::vector<std::string>& features) {
  return LoadClassifier(classifier.Kind(), classifier.ToJson(), features);
}

}  // namespace churn::model

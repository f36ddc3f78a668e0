#include "model/blend_classifier.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "errors/error.h"
#include "model/logistic_regression.h"
#include "model/tree_ensemble.h"

namespace churn::model {
namespace {

// Weights whose sum is this close to 1 are kept as they are: normalising
// them again could move a weight by a rounding error, and a saved blend
// would then not score exactly as it did before it was saved.
constexpr double kWeightSumTolerance = 1e-9;
constexpr std::size_t kMinMembers = 2;

// The blend's JSON keys.
constexpr const char* kBlendKey = "blend";
constexpr const char* kMembersKey = "members";
constexpr const char* kModelTypeKey = "model_type";
constexpr const char* kWeightKey = "weight";
constexpr const char* kModelKey = "model";

std::string_view NameOfKind(ModelKind kind) {
  return config::NameOf(kModelKindNames, kind);
}

// "xgboost, xgboost_leafwise, logreg": the families a blend can hold.
std::string MemberKindList() {
  std::string list;
  for (const auto& named : kModelKindNames) {
    if (named.value != ModelKind::kBlend) {
      list += list.empty() ? "" : ", ";
      list += named.name;
    }
  }
  return list;
}

// The columns a member scores, read from what it is made of; null for a
// family the blend does not know how to check.
const std::vector<std::string>* FeaturesOf(const Classifier& classifier) {
  if (const TreeEnsemble* ensemble = classifier.Trees()) {
    return &ensemble->feature_names();
  }
  if (const LogisticCoefficients* coefficients = classifier.Linear()) {
    return &coefficients->features;
  }
  return nullptr;
}

std::optional<std::string> MemberProblem(const BlendMember& member, std::size_t member_idx) {
  if (member.classifier == nullptr) {
    return fmt::format("member {} has no model", member_idx + 1);
  }
  if (member.classifier->Kind() == ModelKind::kBlend) {
    return fmt::format("member {} is itself a blend", member_idx + 1);
  }
  if (!std::isfinite(member.weight) || member.weight <= 0) {
    return fmt::format("member {} ({}) has weight {}, expected a finite number above 0",
                       member_idx + 1, NameOfKind(member.classifier->Kind()), member.weight);
  }
  if (FeaturesOf(*member.classifier) == nullptr) {
    return fmt::format("member {} ({}) has neither trees nor coefficients", member_idx + 1,
                       NameOfKind(member.classifier->Kind()));
  }
  return std::nullopt;
}

class BlendClassifier final : public Classifier {
 public:
  explicit BlendClassifier(std::vector<BlendMember> members) : members_(std::move(members)) {}

  ModelKind Kind() const override { return ModelKind::kBlend; }
  std::vector<double> PredictMargin(const dataset::FeatureMatrix& rows, int threads) const override;
  std::vector<FeatureImportance> Importances() const override;
  std::string ToJson() const override;
  std::span<const BlendMember> Members() const override { return members_; }

 private:
  std::vector<BlendMember> members_;
};

// Each member checks the columns itself; the sum runs over the members in
// order, so a blend scores the same rows the same way every time.
std::vector<double> BlendClassifier::PredictMargin(const dataset::FeatureMatrix& rows,
                                                   int threads) const {
  std::vector<double> margins(rows.rows(), 0.0);
  for (const BlendMember& member : members_) {
    std::vector<double> member_margins = member.classifier->PredictMargin(rows, threads);
    for (std::size_t row_idx = 0; row_idx < margins.size(); ++row_idx) {
      margins[row_idx] += member.weight * member_margins[row_idx];
    }
  }
  return margins;
}

// The members' figures are of different units (a tree's loss reduction, a
// coefficient), so a blend's importances rank features only roughly: each
// figure is the weighted sum of the members' figures for that feature.
std::vector<FeatureImportance> BlendClassifier::Importances() const {
  std::vector<FeatureImportance> importances = members_.front().classifier->Importances();
  for (FeatureImportance& importance : importances) {
    importance.gain *= members_.front().weight;
    importance.weight *= members_.front().weight;
    importance.cover *= members_.front().weight;
  }
  for (std::size_t member_idx = 1; member_idx < members_.size(); ++member_idx) {
    const BlendMember& member = members_[member_idx];
    std::vector<FeatureImportance> member_importances = member.classifier->Importances();
    if (member_importances.size() != importances.size()) {
      throw InternalError(fmt::format("blend member {} has importances for {} features, not {}",
                                      member_idx + 1, member_importances.size(),
                                      importances.size()));
    }
    for (std::size_t column_idx = 0; column_idx < importances.size(); ++column_idx) {
      importances[column_idx].gain += member.weight * member_importances[column_idx].gain;
      importances[column_idx].weight += member.weight * member_importances[column_idx].weight;
      importances[column_idx].cover += member.weight * member_importances[column_idx].cover;
    }
  }
  return importances;
}

std::string BlendClassifier::ToJson() const {
  nlohmann::json members = nlohmann::json::array();
  for (const BlendMember& member : members_) {
    members.push_back({{kModelTypeKey, NameOfKind(member.classifier->Kind())},
                       {kWeightKey, member.weight},
                       {kModelKey, nlohmann::json::parse(member.classifier->ToJson())}});
  }
  nlohmann::json blend = {{kBlendKey, {{kMembersKey, std::move(members)}}}};
  return blend.dump();
}

// The member at `member_idx` of a saved blend; InputError naming the key.
SavedBlendMember ReadMember(const nlohmann::json& member, std::size_t member_idx) {
  std::string where = fmt::format("blend model JSON: member {}", member_idx + 1);
  if (!member.is_object()) {
    throw InputError(fmt::format("{} is not a JSON object", where));
  }
  if (!member.contains(kModelTypeKey) || !member[kModelTypeKey].is_string()) {
    throw InputError(fmt::format("{}: '{}' must be a model's name", where, kModelTypeKey));
  }
  std::string model_type = member[kModelTypeKey].get<std::string>();
  std::optional<ModelKind> kind = config::ValueOf(kModelKindNames, model_type);
  if (!kind || *kind == ModelKind::kBlend) {
    throw InputError(fmt::format("{}: '{}' is '{}', expected one of a blend's members ({})", where,
                                 kModelTypeKey, model_type, MemberKindList()));
  }
  if (!member.contains(kWeightKey) || !member[kWeightKey].is_number() ||
      !std::isfinite(member[kWeightKey].get<double>()) || member[kWeightKey].get<double>() <= 0) {
    throw InputError(fmt::format("{}: '{}' must be a finite number above 0", where, kWeightKey));
  }
  if (!member.contains(kModelKey) || !member[kModelKey].is_object()) {
    throw InputError(
        fmt::format("{}: '{}' must be the member's model, a JSON object", where, kModelKey));
  }
  return {
      .kind = *kind, .json = member[kModelKey].dump(), .weight = member[kWeightKey].get<double>()};
}

}  // namespace

std::optional<std::string> BlendProblem(std::span<const BlendMember> members) {
  if (members.size() < kMinMembers) {
    return fmt::format("a blend needs at least {} members, not {}", kMinMembers, members.size());
  }
  for (std::size_t member_idx = 0; member_idx < members.size(); ++member_idx) {
    if (std::optional<std::string> problem = MemberProblem(members[member_idx], member_idx)) {
      return problem;
    }
  }
  const std::vector<std::string>& features = *FeaturesOf(*members.front().classifier);
  for (std::size_t member_idx = 1; member_idx < members.size(); ++member_idx) {
    if (*FeaturesOf(*members[member_idx].classifier) != features) {
      return fmt::format("member {} ({}) scores other features than member 1 ({})", member_idx + 1,
                         NameOfKind(members[member_idx].classifier->Kind()),
                         NameOfKind(members.front().classifier->Kind()));
    }
  }
  return std::nullopt;
}

std::unique_ptr<Classifier> MakeBlend(std::vector<BlendMember> members) {
  if (std::optional<std::string> problem = BlendProblem(members)) {
    throw InternalError(fmt::format("cannot blend these models: {}", *problem));
  }
  double weight_sum = 0;
  for (const BlendMember& member : members) {
    weight_sum += member.weight;
  }
  if (std::abs(weight_sum - 1.0) > kWeightSumTolerance) {
    for (BlendMember& member : members) {
      member.weight /= weight_sum;
    }
  }
  return std::make_unique<BlendClassifier>(std::move(members));
}

std::vector<SavedBlendMember> ReadBlendJson(const std::string& json) {
  nlohmann::json blend = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (blend.is_discarded()) {
    throw InputError("blend model JSON: not valid JSON");
  }
  if (!blend.is_object() || !blend.contains(kBlendKey) || !blend[kBlendKey].is_object() ||
      !blend[kBlendKey].contains(kMembersKey) || !blend[kBlendKey][kMembersKey].is_array()) {
    throw InputError(fmt::format("blend model JSON: expected {{\"{}\": {{\"{}\": [...]}}}}",
                                 kBlendKey, kMembersKey));
  }
  const nlohmann::json& members = blend[kBlendKey][kMembersKey];
  if (members.size() < kMinMembers) {
    throw InputError(fmt::format("blend model JSON: '{}' holds {} models, a blend needs {} or more",
                                 kMembersKey, members.size(), kMinMembers));
  }
  std::vector<SavedBlendMember> saved;
  for (std::size_t member_idx = 0; member_idx < members.size(); ++member_idx) {
    saved.push_back(ReadMember(members[member_idx], member_idx));
  }
  return saved;
}

}  // namespace churn::model

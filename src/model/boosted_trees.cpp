#include "model/boosted_trees.h"

#include <fmt/format.h>

#include <charconv>
#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <utility>

#include "errors/error.h"
#include "model/row_requirements.h"
#include "model/xgboost_handles.h"
#include "parallel/parallel_for.h"

namespace churn::model {
namespace {

constexpr std::string_view kDepthwiseKind = "xgboost";
constexpr std::string_view kLeafwiseKind = "xgboost_leafwise";
// The name XGBoost gives the validation matrix in its evaluation line,
// "[3]\tvalid-logloss:0.512".
constexpr const char* kValidationName = "valid";
constexpr std::string_view kValidationLossKey = "valid-logloss:";
// XGBoost's seed parameter is a signed 64-bit integer.
constexpr std::uint64_t kSeedMask = std::numeric_limits<std::int64_t>::max();

void RequireBoostingKind(std::string_view kind) {
  if (kind != kDepthwiseKind && kind != kLeafwiseKind) {
    throw InternalError(fmt::format("'{}' is not a boosted-trees candidate (expected {} or {})",
                                    kind, kDepthwiseKind, kLeafwiseKind));
  }
}

class BoostedTrees final : public Classifier {
 public:
  BoostedTrees(std::string_view kind, XgboostBooster booster, std::vector<std::string> features)
      : kind_(kind), booster_(std::move(booster)), features_(std::move(features)) {}

  std::string_view Kind() const override { return kind_; }
  std::vector<double> PredictMargin(const dataset::FeatureMatrix& rows) const override;
  std::vector<FeatureImportance> Importances() const override;
  std::string ToJson() const override;
  std::string ConfigJson() const;

 private:
  // XGBoost's score of one importance type for every feature it split on.
  void FillScores(std::string_view importance_type, double FeatureImportance::*field,
                  std::vector<FeatureImportance>& importances) const;

  std::string kind_;
  XgboostBooster booster_;
  std::vector<std::string> features_;
};

std::vector<double> BoostedTrees::PredictMargin(const dataset::FeatureMatrix& rows) const {
  if (std::optional<std::string> difference = FirstColumnDifference(features_, rows.names)) {
    throw InputError(fmt::format("the rows to score do not have the {} model's features: {}", kind_,
                                 *difference));
  }
  RequireWholeRows(rows, "the rows to score");
  if (rows.rows() == 0) {
    return {};
  }
  XgboostMatrix matrix = XgboostMatrix::FromFeatures(rows);
  XgboostPrediction margins = booster_.Predict(matrix, XgboostOutput::kMargin);
  if (margins.shape.size() != 1 || margins.shape[0] != rows.rows()) {
    throw ModelError(fmt::format("XGBoost returned {} dimensions of margins for {} rows",
                                 margins.shape.size(), rows.rows()));
  }
  // The margins live in XGBoost's thread-local buffer: copy them out now.
  return std::vector<double>(margins.values.begin(), margins.values.end());
}

void BoostedTrees::FillScores(std::string_view importance_type, double FeatureImportance::*field,
                              std::vector<FeatureImportance>& importances) const {
  std::string config =
      nlohmann::json{{"importance_type", importance_type}, {"feature_map", ""}}.dump();
  bst_ulong scored_count = 0;
  const char** scored_names = nullptr;
  bst_ulong dimensions = 0;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  CheckXgboost(XGBoosterFeatureScore(booster_.get(), config.c_str(), &scored_count, &scored_names,
                                     &dimensions, &shape, &scores),
               fmt::format("XGBoosterFeatureScore({})", importance_type));
  std::unordered_map<std::string_view, std::size_t> column_of;
  for (std::size_t column_idx = 0; column_idx < features_.size(); ++column_idx) {
    column_of.emplace(features_[column_idx], column_idx);
  }
  // XGBoost lists only the features some split uses; the others keep 0.
  for (bst_ulong scored_idx = 0; scored_idx < scored_count; ++scored_idx) {
    auto column = column_of.find(scored_names[scored_idx]);
    if (column == column_of.end()) {
      throw ModelError(fmt::format("XGBoost scored feature '{}', which the model does not have",
                                   scored_names[scored_idx]));
    }
    importances[column->second].*field = static_cast<double>(scores[scored_idx]);
  }
}

std::vector<FeatureImportance> BoostedTrees::Importances() const {
  std::vector<FeatureImportance> importances;
  importances.reserve(features_.size());
  for (const std::string& feature : features_) {
    importances.push_back({.feature = feature});
  }
  FillScores("gain", &FeatureImportance::gain, importances);
  FillScores("weight", &FeatureImportance::weight, importances);
  FillScores("cover", &FeatureImportance::cover, importances);
  return importances;
}

std::string BoostedTrees::ToJson() const {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  CheckXgboost(XGBoosterSaveModelToBuffer(booster_.get(), R"({"format": "json"})", &length, &bytes),
               "XGBoosterSaveModelToBuffer");
  return std::string(bytes, length);
}

std::string BoostedTrees::ConfigJson() const {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  CheckXgboost(XGBoosterSaveJsonConfig(booster_.get(), &length, &bytes), "XGBoosterSaveJsonConfig");
  return std::string(bytes, length);
}

void SetTrainingParams(XgboostBooster& booster, std::string_view kind,
                       const BoostedTreesParams& params, int threads, std::uint64_t seed) {
  booster.SetParam("objective", "binary:logistic");
  booster.SetParam("tree_method", "hist");
  booster.SetParam("eval_metric", "logloss");
  booster.SetParam("grow_policy", kind == kLeafwiseKind ? "lossguide" : "depthwise");
  booster.SetParam("eta", fmt::format("{}", params.learning_rate));
  booster.SetParam("max_depth", fmt::format("{}", params.max_depth));
  booster.SetParam("max_leaves", fmt::format("{}", params.max_leaves));
  booster.SetParam("subsample", fmt::format("{}", params.subsample));
  booster.SetParam("colsample_bytree", fmt::format("{}", params.colsample_bytree));
  booster.SetParam("min_child_weight", fmt::format("{}", params.min_child_weight));
  booster.SetParam("lambda", fmt::format("{}", params.reg_lambda));
  booster.SetParam("scale_pos_weight", fmt::format("{}", params.scale_pos_weight));
  booster.SetParam("seed", fmt::format("{}", seed & kSeedMask));
  booster.SetParam("nthread", fmt::format("{}", parallel::ResolveThreads(threads)));
}

// The validation log-loss after round `round_idx`, read from XGBoost's
// evaluation line (printed with every digit of the double), the same line
// XGBoost's own early stopping in Python reads.
double ValidationLogLoss(const XgboostBooster& booster, int round_idx,
                         const XgboostMatrix& validation) {
  DMatrixHandle matrices[] = {validation.get()};
  const char* names[] = {kValidationName};
  const char* line = nullptr;
  CheckXgboost(
      XGBoosterEvalOneIter(booster.get(), round_idx, matrices, names, std::size(matrices), &line),
      "XGBoosterEvalOneIter");
  std::string_view evaluation(line);
  std::size_t key = evaluation.find(kValidationLossKey);
  double loss = 0;
  if (key != std::string_view::npos) {
    const char* begin = evaluation.data() + key + kValidationLossKey.size();
    const char* end = evaluation.data() + evaluation.size();
    if (std::from_chars(begin, end, loss).ec == std::errc()) {
      return loss;
    }
  }
  throw ModelError(fmt::format("XGBoost's evaluation '{}' has no validation log-loss", line));
}

// Boosts round by round until params.rounds, or until the validation
// log-loss has not improved for params.early_stopping_rounds rounds (0: never
// stop early, keep every round).
BoostingReport Boost(XgboostBooster& booster, const BoostedTreesParams& params,
                     const XgboostMatrix& train, const XgboostMatrix& validation) {
  BoostingReport report;
  report.best_validation_log_loss = std::numeric_limits<double>::infinity();
  for (int round_idx = 0; round_idx < params.rounds; ++round_idx) {
    CheckXgboost(XGBoosterUpdateOneIter(booster.get(), round_idx, train.get()),
                 "XGBoosterUpdateOneIter");
    double loss = ValidationLogLoss(booster, round_idx, validation);
    report.rounds_run = round_idx + 1;
    if (loss < report.best_validation_log_loss || params.early_stopping_rounds == 0) {
      report.best_validation_log_loss = loss;
      report.best_round = report.rounds_run;
    } else if (report.rounds_run - report.best_round >= params.early_stopping_rounds) {
      break;
    }
  }
  return report;
}

}  // namespace

std::unique_ptr<Classifier> FitBoostedTrees(std::string_view kind, const BoostedTreesParams& params,
                                            const dataset::LabelledRows& train,
                                            const dataset::LabelledRows& validation, int threads,
                                            std::uint64_t seed, BoostingReport* report) {
  RequireBoostingKind(kind);
  RequireFittableRows(train, "the training rows");
  RequireBothClasses(train.churned, "the training rows");
  RequireFittableRows(validation, "the validation rows");
  if (std::optional<std::string> difference =
          FirstColumnDifference(train.features.names, validation.features.names)) {
    throw InputError(
        fmt::format("the validation rows do not have the training rows' columns: {}", *difference));
  }
  XgboostMatrix train_matrix = XgboostMatrix::FromFeatures(train.features);
  train_matrix.SetLabels(train.churned);
  XgboostMatrix validation_matrix = XgboostMatrix::FromFeatures(validation.features);
  validation_matrix.SetLabels(validation.churned);

  XgboostBooster booster = XgboostBooster::Create({&train_matrix, &validation_matrix});
  SetTrainingParams(booster, kind, params, threads, seed);
  booster.SetFeatureNames(train.features.names);
  BoostingReport boosting = Boost(booster, params, train_matrix, validation_matrix);

  // The rounds after the best one fit the training rows more closely but the
  // validation rows worse: the saved model is exactly the kept rounds.
  XgboostBooster kept = XgboostBooster::Slice(booster, boosting.best_round);
  kept.SetFeatureNames(train.features.names);
  if (report != nullptr) {
    *report = boosting;
  }
  return std::make_unique<BoostedTrees>(kind, std::move(kept), train.features.names);
}

std::unique_ptr<Classifier> LoadBoostedTrees(std::string_view kind, const std::string& json,
                                             const std::vector<std::string>& feature_names,
                                             int threads) {
  RequireBoostingKind(kind);
  XgboostBooster booster = XgboostBooster::Load(json);
  booster.SetParam("nthread", fmt::format("{}", parallel::ResolveThreads(threads)));
  std::vector<std::string> saved_names = booster.FeatureNames();
  if (saved_names.empty()) {
    bst_ulong feature_count = 0;
    CheckXgboost(XGBoosterGetNumFeature(booster.get(), &feature_count), "XGBoosterGetNumFeature");
    if (feature_count != feature_names.size()) {
      throw ModelError(fmt::format("the saved {} model has {} features, the feature list {}", kind,
                                   feature_count, feature_names.size()));
    }
    booster.SetFeatureNames(feature_names);
  } else if (std::optional<std::string> difference =
                 FirstColumnDifference(saved_names, feature_names)) {
    throw ModelError(fmt::format(
        "the feature list does not match the saved {} model's features: {}", kind, *difference));
  }
  return std::make_unique<BoostedTrees>(kind, std::move(booster), feature_names);
}

std::string XgboostConfigJson(const Classifier& model) {
  const auto* trees = dynamic_cast<const BoostedTrees*>(&model);
  if (trees == nullptr) {
    throw InternalError(fmt::format("the {} model is not boosted trees", model.Kind()));
  }
  return trees->ConfigJson();
}

std::string XgboostVersion() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace churn::model

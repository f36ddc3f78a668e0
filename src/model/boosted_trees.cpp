#include "model/boosted_trees.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <limits>
#include <utility>

#include "errors/error.h"
#include "model/row_requirements.h"
#include "model/tree_ensemble.h"
#include "model/xgboost_handles.h"
#include "parallel/parallel_for.h"

namespace churn::model {
namespace {

// The name XGBoost gives the validation matrix in its evaluation line,
// "[3]\tvalid-logloss:0.512".
constexpr const char* kValidationName = "valid";
constexpr std::string_view kValidationLossKey = "valid-logloss:";
// XGBoost's seed parameter is a signed 64-bit integer.
constexpr std::uint64_t kSeedMask = std::numeric_limits<std::int64_t>::max();

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void RequireBoostingKind(ModelKind kind) {
  if (!IsBoostedTrees(kind)) {
    throw InternalError(fmt::format("'{}' is not a boosted-trees candidate",
                                    config::NameOf(kModelKindNames, kind)));
  }
}

// XGBoost's JSON model and the trees read from it: the model scores, and
// computes its importances, with the trees; it saves the JSON as it was.
class BoostedTrees final : public Classifier {
 public:
  BoostedTrees(ModelKind kind, std::string json, TreeEnsemble ensemble)
      : kind_(kind), json_(std::move(json)), ensemble_(std::move(ensemble)) {}

  ModelKind Kind() const override { return kind_; }
  std::vector<double> PredictMargin(const dataset::FeatureMatrix& rows,
                                    int threads) const override {
    return ensemble_.PredictMargins(rows, threads);
  }
  std::vector<FeatureImportance> Importances() const override { return ensemble_.Importances(); }
  std::string ToJson() const override { return json_; }
  const TreeEnsemble* Trees() const override { return &ensemble_; }

 private:
  ModelKind kind_;
  std::string json_;
  TreeEnsemble ensemble_;
};

// XGBoost's JSON model of `booster`.
std::string SavedJson(const XgboostBooster& booster) {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  CheckXgboost(XGBoosterSaveModelToBuffer(booster.get(), R"({"format": "json"})", &length, &bytes),
               "XGBoosterSaveModelToBuffer");
  return std::string(bytes, length);
}

std::string SavedConfig(const XgboostBooster& booster) {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  CheckXgboost(XGBoosterSaveJsonConfig(booster.get(), &length, &bytes), "XGBoosterSaveJsonConfig");
  return std::string(bytes, length);
}

void SetTrainingParams(XgboostBooster& booster, ModelKind kind, const BoostedTreesParams& params,
                       int threads, std::uint64_t seed) {
  booster.SetParam("objective", "binary:logistic");
  booster.SetParam("tree_method", "hist");
  booster.SetParam("eval_metric", "logloss");
  booster.SetParam("grow_policy", kind == ModelKind::kXgboostLeafwise ? "lossguide" : "depthwise");
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

// No constraint at all is left unset, so that such a fit is exactly the fit
// without the option.
void SetMonotoneConstraints(XgboostBooster& booster, std::span<const int> monotone,
                            std::size_t columns) {
  if (!monotone.empty() && monotone.size() != columns) {
    throw InternalError(
        fmt::format("{} monotone constraints for {} columns", monotone.size(), columns));
  }
  std::string param = MonotoneConstraintsParam(monotone);
  if (std::any_of(monotone.begin(), monotone.end(), [](int sign) { return sign != 0; })) {
    booster.SetParam("monotone_constraints", param);
  }
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

// Whether options.max_seconds have passed since `start` by the
// coordinator's clock, which every worker follows.
bool OutOfTime(Clock::time_point start, const BoostingOptions& options) {
  std::int64_t out_of_time =
      options.group.coordinator() && SecondsSince(start) >= options.max_seconds ? 1 : 0;
  options.group.Max(std::span(&out_of_time, 1));
  return out_of_time != 0;
}

// Boosts round by round until params.rounds, or until the validation
// log-loss has not improved for params.early_stopping_rounds rounds (0: never
// stop early, keep every round), or until max_seconds (0: none) have passed
// since `start`, telling options.progress after each round.
BoostingReport Boost(XgboostBooster& booster, const BoostedTreesParams& params,
                     const XgboostMatrix& train, const XgboostMatrix& validation,
                     Clock::time_point start, const BoostingOptions& options) {
  BoostingReport report;
  report.best_validation_log_loss = std::numeric_limits<double>::infinity();
  for (int round_idx = 0; round_idx < params.rounds; ++round_idx) {
    CheckXgboost(XGBoosterUpdateOneIter(booster.get(), round_idx, train.get()),
                 "XGBoosterUpdateOneIter");
    double loss = ValidationLogLoss(booster, round_idx, validation);
    report.rounds_run = round_idx + 1;
    options.progress.Report("boosting", report.rounds_run, params.rounds, "rounds");
    if (loss < report.best_validation_log_loss || params.early_stopping_rounds == 0) {
      report.best_validation_log_loss = loss;
      report.best_round = report.rounds_run;
    } else if (report.rounds_run - report.best_round >= params.early_stopping_rounds) {
      break;
    }
    if (options.max_seconds > 0 && report.rounds_run < params.rounds && OutOfTime(start, options)) {
      report.stopped_by_time = true;
      break;
    }
  }
  return report;
}

}  // namespace

std::unique_ptr<Classifier> FitBoostedTrees(ModelKind kind, const BoostedTreesParams& params,
                                            const dataset::LabelledRows& train,
                                            const dataset::LabelledRows& validation, int threads,
                                            std::uint64_t seed, BoostingReport* report,
                                            const BoostingOptions& options) {
  Clock::time_point start = Clock::now();
  RequireBoostingKind(kind);
  if (!options.group.distributed()) {  // a worker's own rows may be few, or of one class
    RequireFittableRows(train, "the training rows");
    RequireBothClasses(train.churned, "the training rows");
    RequireFittableRows(validation, "the validation rows");
  }
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
  SetMonotoneConstraints(booster, options.monotone, train.features.cols());
  booster.SetFeatureNames(train.features.names);
  BoostingReport boosting = Boost(booster, params, train_matrix, validation_matrix, start, options);

  // The rounds after the best one fit the training rows more closely but the
  // validation rows worse: the saved model is exactly the kept rounds.
  XgboostBooster kept = XgboostBooster::Slice(booster, boosting.best_round);
  kept.SetFeatureNames(train.features.names);
  boosting.xgboost_config = SavedConfig(kept);
  if (report != nullptr) {
    *report = std::move(boosting);
  }
  // From here on the model is its JSON: it scores as it will once loaded.
  std::string json = SavedJson(kept);
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(json, train.features.names);
  return std::make_unique<BoostedTrees>(kind, std::move(json), std::move(ensemble));
}

std::string MonotoneConstraintsParam(std::span<const int> monotone) {
  for (int sign : monotone) {
    if (sign < -1 || sign > 1) {
      throw InternalError(fmt::format("{} is not a monotone constraint (-1, 0 or +1)", sign));
    }
  }
  return fmt::format("({})", fmt::join(monotone, ","));
}

std::unique_ptr<Classifier> LoadBoostedTrees(ModelKind kind, std::string json,
                                             const std::vector<std::string>& feature_names) {
  RequireBoostingKind(kind);
  TreeEnsemble ensemble = TreeEnsemble::FromXgboostJson(json, feature_names);
  return std::make_unique<BoostedTrees>(kind, std::move(json), std::move(ensemble));
}

std::string XgboostVersion() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace churn::model

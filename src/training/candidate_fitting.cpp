#include "training/candidate_fitting.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "config/enum_names.h"
#include "errors/error.h"
#include "features/feature_registry.h"
#include "metrics/threshold_choice.h"
#include "model/blend_classifier.h"
#include "model/boosted_trees.h"
#include "model/boosted_trees_search.h"
#include "model/classifier_json.h"
#include "model/logistic_regression.h"

namespace churn::training {
namespace {

using Clock = std::chrono::steady_clock;

const model::BoostedTreesParams& TreesParams(const model::TrainingConfig& train,
                                             model::ModelKind kind) {
  return kind == model::ModelKind::kXgboostLeafwise ? train.xgboost_leafwise : train.xgboost;
}

// The constraint of each column when train.monotone_constraints: churn's
// known direction with the feature (the registry's), else none.
std::vector<int> MonotoneConstraints(const model::TrainingConfig& train,
                                     const dataset::LabelledRows& rows) {
  if (!train.monotone_constraints) {
    return {};
  }
  return features::ChurnDirections(rows.features.names);
}

// train.search_seconds, shared equally among the boosted-tree candidates.
model::TreeSearchBudget SearchBudget(const model::TrainingConfig& train) {
  std::size_t trees = 0;
  for (const std::string& name : train.candidates) {
    trees += model::IsBoostedTrees(CandidateKind(name)) ? 1 : 0;
  }
  return {.seconds = train.search_seconds / static_cast<double>(std::max<std::size_t>(trees, 1)),
          .max_trials = train.search_trials};
}

void FitTrees(const TrainingSettings& settings, const TrainingRows& rows,
              FittedCandidate& candidate, const progress::Reporter& progress) {
  const model::TrainingConfig& train = settings.train;
  std::vector<int> monotone = MonotoneConstraints(train, rows.fit);
  model::BoostingReport report;
  if (train.search_seconds > 0) {
    model::TreeSearchOutcome search = model::SearchBoostedTrees(
        candidate.kind, TreesParams(train, candidate.kind), rows.fit, rows.validation,
        SearchBudget(train), train.threads, train.seed, monotone, progress);
    // Never on several workers: RunTraining refuses a search there.
    spdlog::info("{}: searched {} settings ({}); trial {} validates best, log-loss {:.5f}",
                 candidate.figures.name, search.trials.size(), search.stop_reason,
                 search.best_trial, search.trials[search.best_trial].validation_log_loss);
    candidate.classifier = std::move(search.best_classifier);
    candidate.params = search.best;
    report = std::move(search.best_report);
  } else {
    candidate.params = TreesParams(train, candidate.kind);
    candidate.classifier = model::FitBoostedTrees(
        candidate.kind, candidate.params, rows.fit, rows.validation, train.threads, train.seed,
        &report, {.monotone = monotone, .progress = progress, .group = rows.group});
  }
  candidate.figures.rounds = report.best_round;
  candidate.params.rounds = report.best_round;
}

void FitClassifier(const TrainingSettings& settings, const TrainingRows& rows,
                   FittedCandidate& candidate, const progress::Reporter& progress) {
  if (model::IsBoostedTrees(candidate.kind)) {
    FitTrees(settings, rows, candidate, progress);
  } else {
    progress.Report("fitting", 0, 0, "");  // one step, no rounds to count
    candidate.classifier =
        model::FitLogisticRegression(settings.train.logreg, rows.fit, rows.group);
  }
}

constexpr double kBlendWeight = 0.5;

// The index of the boosted-tree candidate that validates best, and of the
// logistic one.
std::optional<std::pair<std::size_t, std::size_t>> BlendMembers(
    const std::vector<FittedCandidate>& fitted, report::SelectionMetric metric) {
  std::optional<std::size_t> trees;
  std::optional<std::size_t> logistic;
  for (std::size_t idx = 0; idx < fitted.size(); ++idx) {
    const FittedCandidate& candidate = fitted[idx];
    if (candidate.kind == model::ModelKind::kLogreg) {
      logistic = idx;
    } else if (model::IsBoostedTrees(candidate.kind) &&
               (!trees || report::SelectionScore(metric, candidate.figures.validation) >
                              report::SelectionScore(metric, fitted[*trees].figures.validation))) {
      trees = idx;
    }
  }
  if (!trees || !logistic) {
    return std::nullopt;
  }
  return std::pair{*trees, *logistic};
}

std::unique_ptr<model::Classifier> BlendOf(const model::Classifier& trees,
                                           const model::Classifier& logistic,
                                           const std::vector<std::string>& features) {
  std::vector<model::BlendMember> members;
  members.push_back({model::CopyClassifier(trees, features), kBlendWeight});
  members.push_back({model::CopyClassifier(logistic, features), 1.0 - kBlendWeight});
  return model::MakeBlend(std::move(members));
}

void ScoreCandidate(const TrainingSettings& settings, const TrainingRows& rows,
                    FittedCandidate& candidate) {
  int threads = settings.train.threads;
  candidate.validation_probabilities = GatherScores(
      model::Probabilities(candidate.classifier->PredictMargin(rows.validation.features, threads)),
      rows);
  candidate.test_probabilities = GatherScores(
      model::Probabilities(candidate.classifier->PredictMargin(rows.test.features, threads)), rows);
}

void EvaluateCandidate(const TrainingSettings& settings, const TrainingRows& rows,
                       FittedCandidate& candidate) {
  report::EvaluationOptions options{
      .threshold = ChooseThreshold(settings.report, candidate.validation_probabilities,
                                   rows.validation_churned, rows.validation_values),
      .economics = settings.report.campaign,
      .customer_values = rows.validation_values};
  candidate.figures.validation =
      report::EvaluateScores(candidate.validation_probabilities, rows.validation_churned, options);
  options.customer_values = rows.test_values;
  candidate.figures.test =
      report::EvaluateScores(candidate.test_probabilities, rows.test_churned, options);
}

}  // namespace

double ChooseThreshold(const report::ReportConfig& config, std::span<const double> scores,
                       std::span<const std::uint8_t> labels, std::span<const double> values) {
  return config.threshold_rule == report::ThresholdRule::kMaxF1
             ? metrics::MaxF1Threshold(scores, labels, config.campaign, values).threshold
             : metrics::MaxProfitThreshold(scores, labels, config.campaign, values).threshold;
}

model::ModelKind CandidateKind(std::string_view name) {
  std::optional<model::ModelKind> kind = config::ValueOf(model::kModelKindNames, name);
  if (!kind) {
    throw InternalError(fmt::format("'{}' is not a model candidate", name));
  }
  return *kind;
}

FittedCandidate FitCandidate(std::string_view name, const TrainingSettings& settings,
                             const TrainingRows& rows, const progress::Reporter& progress) {
  FittedCandidate candidate;
  candidate.kind = CandidateKind(name);
  candidate.figures.name = std::string(name);
  Clock::time_point start = Clock::now();
  FitClassifier(settings, rows, candidate, progress);
  candidate.figures.fit_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ScoreCandidate(settings, rows, candidate);
  EvaluateCandidate(settings, rows, candidate);
  spdlog::info("{}: fitted in {:.1f} s; validation PR-AUC {:.4f}, ROC-AUC {:.4f}", name,
               candidate.figures.fit_seconds, candidate.figures.validation.pr_auc,
               candidate.figures.validation.roc_auc);
  return candidate;
}

std::optional<FittedCandidate> FitBlend(const std::vector<FittedCandidate>& fitted,
                                        const TrainingSettings& settings,
                                        const TrainingRows& rows) {
  std::optional<std::pair<std::size_t, std::size_t>> members =
      BlendMembers(fitted, settings.report.selection_metric);
  if (!members) {
    spdlog::warn(
        "blend: no candidate to blend, as it needs a boosted-tree candidate and logreg among "
        "train.candidates");
    return std::nullopt;
  }
  FittedCandidate blend;
  blend.kind = model::ModelKind::kBlend;
  blend.figures.name = std::string(config::NameOf(model::kModelKindNames, blend.kind));
  blend.members = {members->first, members->second};
  const FittedCandidate& trees = fitted[members->first];
  blend.figures.rounds = trees.figures.rounds;
  blend.params = trees.params;  // a reweighted member makes the blend recalibrated too
  blend.figures.fit_seconds =
      trees.figures.fit_seconds + fitted[members->second].figures.fit_seconds;
  blend.classifier =
      BlendOf(*trees.classifier, *fitted[members->second].classifier, rows.train.features.names);
  ScoreCandidate(settings, rows, blend);
  EvaluateCandidate(settings, rows, blend);
  spdlog::info("blend of {} and logreg: validation PR-AUC {:.4f}, ROC-AUC {:.4f}",
               trees.figures.name, blend.figures.validation.pr_auc,
               blend.figures.validation.roc_auc);
  return blend;
}

std::unique_ptr<model::Classifier> RefitCandidate(const FittedCandidate& candidate,
                                                  const std::vector<FittedCandidate>& fitted,
                                                  const TrainingSettings& settings,
                                                  const TrainingRows& rows,
                                                  const progress::Reporter& progress) {
  const model::TrainingConfig& train = settings.train;
  if (candidate.kind == model::ModelKind::kBlend) {
    const FittedCandidate& trees_member = fitted[candidate.members[0]];
    const FittedCandidate& logistic_member = fitted[candidate.members[1]];
    std::unique_ptr<model::Classifier> trees = RefitCandidate(
        trees_member, fitted, settings, rows, progress.Within(trees_member.figures.name));
    std::unique_ptr<model::Classifier> logistic = RefitCandidate(
        logistic_member, fitted, settings, rows, progress.Within(logistic_member.figures.name));
    return BlendOf(*trees, *logistic, rows.train.features.names);
  }
  if (!model::IsBoostedTrees(candidate.kind)) {
    progress.Report("fitting", 0, 0, "");
    return model::FitLogisticRegression(train.logreg, rows.train, rows.group);
  }
  model::BoostedTreesParams params = candidate.params;
  params.early_stopping_rounds = 0;
  std::vector<int> monotone = MonotoneConstraints(train, rows.train);
  return model::FitBoostedTrees(candidate.kind, params, rows.train, rows.validation, train.threads,
                                train.seed, nullptr,
                                {.monotone = monotone, .progress = progress, .group = rows.group});
}

}  // namespace churn::training

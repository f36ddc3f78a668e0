#include "report/model_evaluation.h"

#include "metrics/campaign_gains.h"
#include "metrics/probability_metrics.h"
#include "metrics/ranking_metrics.h"

namespace churn::report {
namespace {

constexpr double kTopDecile = 0.1;

nlohmann::json IntervalJson(const metrics::Interval& interval) {
  return {{"low", interval.low}, {"high", interval.high}};
}

}  // namespace

ModelEvaluation EvaluateScores(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               const EvaluationOptions& options) {
  metrics::RequireBothClasses(labels, "the evaluated rows");
  ModelEvaluation evaluation;
  evaluation.rows = static_cast<std::int64_t>(labels.size());
  for (std::uint8_t label : labels) {
    evaluation.churners += label;
  }
  evaluation.prevalence =
      static_cast<double>(evaluation.churners) / static_cast<double>(evaluation.rows);
  evaluation.roc_auc = metrics::RocAuc(scores, labels);
  evaluation.pr_auc = metrics::AveragePrecision(scores, labels);
  if (options.bootstrap_resamples > 0) {
    evaluation.intervals = metrics::BootstrapRankingIntervals(
        scores, labels, options.bootstrap_resamples, options.seed, options.threads);
  }
  if (options.scores_are_probabilities) {
    evaluation.log_loss = metrics::LogLoss(scores, labels);
    evaluation.brier_score = metrics::BrierScore(scores, labels);
  }
  evaluation.threshold = options.threshold;
  evaluation.confusion =
      metrics::ConfusionAt(scores, labels, options.threshold, options.customer_values);
  evaluation.expected_profit = metrics::ExpectedProfit(evaluation.confusion, options.economics);
  evaluation.top_decile_lift = metrics::TopFractionLift(scores, labels, kTopDecile);
  return evaluation;
}

nlohmann::json ToJson(const ModelEvaluation& evaluation) {
  const metrics::ConfusionMatrix& confusion = evaluation.confusion;
  nlohmann::json json = {
      {"rows", evaluation.rows},
      {"churners", evaluation.churners},
      {"prevalence", evaluation.prevalence},
      {"roc_auc", evaluation.roc_auc},
      {"pr_auc", evaluation.pr_auc},
      {"log_loss", evaluation.log_loss ? nlohmann::json(*evaluation.log_loss) : nullptr},
      {"brier_score", evaluation.brier_score ? nlohmann::json(*evaluation.brier_score) : nullptr},
      {"threshold", evaluation.threshold},
      {"precision", confusion.Precision()},
      {"recall", confusion.Recall()},
      {"f1", confusion.F1()},
      {"accuracy", confusion.Accuracy()},
      {"confusion_matrix",
       {{"true_positives", confusion.true_positives},
        {"false_positives", confusion.false_positives},
        {"true_negatives", confusion.true_negatives},
        {"false_negatives", confusion.false_negatives}}},
      {"flagged", confusion.flagged()},
      {"expected_profit", evaluation.expected_profit},
      {"top_decile_lift", evaluation.top_decile_lift}};
  if (evaluation.intervals) {
    json["roc_auc_95"] = IntervalJson(evaluation.intervals->roc_auc);
    json["pr_auc_95"] = IntervalJson(evaluation.intervals->pr_auc);
  }
  return json;
}

}  // namespace churn::report

#include "training/test_evaluation.h"

#include <spdlog/spdlog.h>

#include "parallel/parallel_for.h"
#include "report/recency_baseline.h"
#include "report/value_baseline.h"
#include "training/candidate_fitting.h"

namespace churn::training {
namespace {

// A baseline's test figures at the threshold its validation scores choose.
report::ModelEvaluation EvaluateBaseline(const TrainingSettings& settings, const TrainingRows& rows,
                                         std::span<const double> validation,
                                         std::span<const double> test) {
  return report::EvaluateScores(
      test, rows.test_churned,
      {.threshold = ChooseThreshold(settings.report, validation, rows.validation_churned,
                                    rows.validation_values),
       .economics = settings.report.campaign,
       .customer_values = rows.test_values,
       .bootstrap_resamples = settings.report.bootstrap_resamples,
       .seed = settings.train.seed,
       .threads = parallel::ResolveThreads(settings.train.threads),
       .scores_are_probabilities = false});
}

}  // namespace

TestEvaluation EvaluateOnTest(const TrainingSettings& settings, const TrainingRows& rows,
                              const dataset::FeatureColumns& columns,
                              const model::ModelBundle& bundle) {
  TestEvaluation evaluation;
  int threads = parallel::ResolveThreads(settings.train.threads);
  const report::ReportConfig& config = settings.report;
  // Through the one scoring path that explain, predict and the server take.
  evaluation.probabilities = GatherScores(bundle.Probabilities(rows.test.features, threads), rows);
  evaluation.model = report::EvaluateScores(evaluation.probabilities, rows.test_churned,
                                            {.threshold = bundle.threshold,
                                             .economics = config.campaign,
                                             .customer_values = rows.test_values,
                                             .bootstrap_resamples = config.bootstrap_resamples,
                                             .seed = settings.train.seed,
                                             .threads = threads});
  report::LeadOptions lead_options{.bootstrap_resamples = config.bootstrap_resamples,
                                   .seed = settings.train.seed,
                                   .threads = threads};
  evaluation.recency_scores = GatherScores(report::RecencyScores(rows.test.features), rows);
  const std::vector<double>& recency = evaluation.recency_scores;
  evaluation.recency = EvaluateBaseline(
      settings, rows, GatherScores(report::RecencyScores(rows.validation.features), rows), recency);
  evaluation.recency_lead = report::CompareWithBaseline("recency", evaluation.probabilities,
                                                        recency, rows.test_churned, lead_options);
  std::optional<std::vector<double>> bgnbd_validation =
      report::BgNbdScores(rows.validation, columns);
  std::optional<std::vector<double>> bgnbd_test = report::BgNbdScores(rows.test, columns);
  if (rows.group.AllOf(bgnbd_validation.has_value() && bgnbd_test.has_value())) {
    *bgnbd_validation = GatherScores(*bgnbd_validation, rows);
    *bgnbd_test = GatherScores(*bgnbd_test, rows);
    evaluation.bgnbd = EvaluateBaseline(settings, rows, *bgnbd_validation, *bgnbd_test);
    evaluation.bgnbd_lead = report::CompareWithBaseline(
        "bgnbd", evaluation.probabilities, *bgnbd_test, rows.test_churned, lead_options);
  } else {
    spdlog::info("no BG/NBD baseline: a snapshot had too few repeat buyers for a value model");
  }
  return evaluation;
}

nlohmann::json LeadsJson(const TestEvaluation& evaluation) {
  return {{"recency", report::LeadJson(evaluation.recency_lead)},
          {"bgnbd", evaluation.bgnbd_lead ? report::LeadJson(*evaluation.bgnbd_lead)
                                          : nlohmann::json(nullptr)}};
}

}  // namespace churn::training

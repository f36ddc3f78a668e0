#include "training/backtest_report.h"

#include "training/backtest_summary.h"

namespace churn::training {
namespace {

using nlohmann::json;

// {"mean", "sd", "min", "max"}; sd null for a single fold.
json SpreadJson(const FoldSpread& spread) {
  return {{"mean", spread.mean},
          {"sd", spread.sd ? json(*spread.sd) : json(nullptr)},
          {"min", spread.min},
          {"max", spread.max}};
}

json LeadSpreadJson(const std::optional<LeadSpread>& lead) {
  if (!lead) {
    return nullptr;
  }
  return {{"roc_auc", SpreadJson(lead->roc_auc)},
          {"pr_auc", SpreadJson(lead->pr_auc)},
          {"beaten", lead->beaten}};
}

json Interval(const metrics::Interval& interval) {
  return {{"low", interval.low}, {"high", interval.high}};
}

// The ranking figures of an evaluation, with their intervals when drawn.
json RankingJson(const report::ModelEvaluation& evaluation) {
  json figures = {{"roc_auc", evaluation.roc_auc}, {"pr_auc", evaluation.pr_auc}};
  if (evaluation.intervals) {
    figures["roc_auc_95"] = Interval(evaluation.intervals->roc_auc);
    figures["pr_auc_95"] = Interval(evaluation.intervals->pr_auc);
  }
  return figures;
}

json CandidatesJson(const BacktestFold& fold) {
  json candidates = json::array();
  for (const report::CandidateFigures& candidate : fold.candidates) {
    candidates.push_back({{"name", candidate.name},
                          {"validation_roc_auc", candidate.validation.roc_auc},
                          {"validation_pr_auc", candidate.validation.pr_auc},
                          {"test_roc_auc", candidate.test.roc_auc},
                          {"test_pr_auc", candidate.test.pr_auc}});
  }
  return candidates;
}

json FoldJson(const BacktestFold& fold) {
  json entry = {{"test_cutoff", fold.test_cutoff},
                {"fit_cutoffs", fold.fit_cutoffs},
                {"validation_cutoffs", fold.validation_cutoffs},
                {"validation_method", fold.validation_method},
                {"model", fold.candidates[fold.chosen].name},
                {"rows", fold.test.rows},
                {"churners", fold.test.churners},
                {"prevalence", fold.test.prevalence}};
  entry.update(RankingJson(fold.test));
  entry["baselines"] = {{"recency", RankingJson(fold.recency)},
                        {"bgnbd", fold.bgnbd ? RankingJson(*fold.bgnbd) : json(nullptr)}};
  entry["lead"] = {{"recency", report::LeadJson(fold.recency_lead)},
                   {"bgnbd", fold.bgnbd_lead ? report::LeadJson(*fold.bgnbd_lead) : json(nullptr)}};
  entry["candidates"] = CandidatesJson(fold);
  entry["seconds"] = fold.seconds;
  return entry;
}

json SummaryJson(const std::vector<BacktestFold>& folds) {
  BacktestSummary summary = SummarizeBacktest(folds);
  return {{"folds", summary.folds},
          {"roc_auc", SpreadJson(summary.roc_auc)},
          {"pr_auc", SpreadJson(summary.pr_auc)},
          {"lead",
           {{"recency", LeadSpreadJson(summary.recency_lead)},
            {"bgnbd", LeadSpreadJson(summary.bgnbd_lead)}}}};
}

json DecayJson(const std::vector<BacktestFold>& folds) {
  json decay = json::array();
  for (const BacktestFold& fold : folds) {
    json scored = json::array();
    for (const DecayPoint& point : fold.decay) {
      scored.push_back({{"cutoff", point.cutoff},
                        {"days_after", point.days_after},
                        {"roc_auc", point.roc_auc},
                        {"pr_auc", point.pr_auc}});
    }
    decay.push_back({{"trained_for", fold.test_cutoff}, {"scored", std::move(scored)}});
  }
  return decay;
}

}  // namespace

nlohmann::json BacktestJson(const BacktestOutcome& outcome) {
  json cutoffs = json::array();
  for (const BacktestFold& fold : outcome.folds) {
    cutoffs.push_back(FoldJson(fold));
  }
  json skipped = json::array();
  for (const SkippedFold& fold : outcome.skipped) {
    skipped.push_back({{"test_cutoff", fold.test_cutoff}, {"reason", fold.reason}});
  }
  return {{"cutoffs", std::move(cutoffs)},
          {"skipped", std::move(skipped)},
          {"summary", SummaryJson(outcome.folds)},
          {"decay", DecayJson(outcome.folds)},
          {"seconds", outcome.seconds}};
}

}  // namespace churn::training

#include "training/backtest_report.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace churn::training {
namespace {

using nlohmann::json;

// {"mean", "sd", "min", "max"} of the folds' values; sd (with n - 1) null
// for a single fold.
json Stats(const std::vector<double>& values) {
  double mean =
      std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  json sd = nullptr;
  if (values.size() >= 2) {
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  }
  return {{"mean", mean},
          {"sd", sd},
          {"min", *std::min_element(values.begin(), values.end())},
          {"max", *std::max_element(values.begin(), values.end())}};
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

using LeadOf = std::function<const report::BaselineLead*(const BacktestFold&)>;

// The lead over one baseline across the folds; null when a fold lacks it.
json LeadSummary(const std::vector<BacktestFold>& folds, const LeadOf& lead_of) {
  std::vector<double> roc_auc;
  std::vector<double> pr_auc;
  int beaten = 0;
  for (const BacktestFold& fold : folds) {
    const report::BaselineLead* lead = lead_of(fold);
    if (lead == nullptr) {
      return nullptr;
    }
    roc_auc.push_back(lead->roc_auc.difference);
    pr_auc.push_back(lead->pr_auc.difference);
    beaten += lead->Beats() ? 1 : 0;
  }
  return {{"roc_auc", Stats(roc_auc)}, {"pr_auc", Stats(pr_auc)}, {"beaten", beaten}};
}

json SummaryJson(const std::vector<BacktestFold>& folds) {
  std::vector<double> roc_auc;
  std::vector<double> pr_auc;
  for (const BacktestFold& fold : folds) {
    roc_auc.push_back(fold.test.roc_auc);
    pr_auc.push_back(fold.test.pr_auc);
  }
  LeadOf recency = [](const BacktestFold& fold) { return &fold.recency_lead; };
  LeadOf bgnbd = [](const BacktestFold& fold) {
    return fold.bgnbd_lead ? &*fold.bgnbd_lead : nullptr;
  };
  return {
      {"folds", folds.size()},
      {"roc_auc", Stats(roc_auc)},
      {"pr_auc", Stats(pr_auc)},
      {"lead", {{"recency", LeadSummary(folds, recency)}, {"bgnbd", LeadSummary(folds, bgnbd)}}}};
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

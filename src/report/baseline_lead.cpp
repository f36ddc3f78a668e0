#include "report/baseline_lead.h"

#include <fmt/format.h>

#include "metrics/ranking_metrics.h"

namespace churn::report {
namespace {

std::string_view BaselineTitle(std::string_view baseline) {
  if (baseline == "recency") {
    return "the recency baseline";
  }
  if (baseline == "bgnbd") {
    return "the BG/NBD baseline";
  }
  return baseline;
}

bool AboveZero(const FigureLead& lead) {
  return lead.interval ? lead.interval->low > 0 : lead.difference > 0;
}

bool BelowZero(const FigureLead& lead) {
  return lead.interval ? lead.interval->high < 0 : lead.difference < 0;
}

// "ROC-AUC +0.048 [+0.045, +0.051]"
std::string DescribeLead(std::string_view figure, const FigureLead& lead) {
  std::string text = fmt::format("{} {:+.3f}", figure, lead.difference);
  if (lead.interval) {
    text += fmt::format(" [{:+.3f}, {:+.3f}]", lead.interval->low, lead.interval->high);
  }
  return text;
}

nlohmann::json FigureJson(const FigureLead& lead) {
  return {{"model", lead.model},
          {"baseline", lead.baseline},
          {"difference", lead.difference},
          {"low", lead.interval ? nlohmann::json(lead.interval->low) : nullptr},
          {"high", lead.interval ? nlohmann::json(lead.interval->high) : nullptr}};
}

}  // namespace

bool BaselineLead::Beats() const {
  return AboveZero(roc_auc) && AboveZero(pr_auc);
}

std::string BaselineLead::Verdict() const {
  std::string_view claim = "does not clearly beat";
  if (Beats()) {
    claim = "beats";
  } else if (BelowZero(roc_auc) && BelowZero(pr_auc)) {
    claim = "trails";
  }
  return fmt::format("{} {}: {}, {}", claim, BaselineTitle(baseline),
                     DescribeLead("ROC-AUC", roc_auc), DescribeLead("PR-AUC", pr_auc));
}

BaselineLead CompareWithBaseline(std::string_view baseline, std::span<const double> scores,
                                 std::span<const double> baseline_scores,
                                 std::span<const std::uint8_t> labels, const LeadOptions& options) {
  BaselineLead lead;
  lead.baseline = std::string(baseline);
  lead.roc_auc.model = metrics::RocAuc(scores, labels);
  lead.roc_auc.baseline = metrics::RocAuc(baseline_scores, labels);
  lead.pr_auc.model = metrics::AveragePrecision(scores, labels);
  lead.pr_auc.baseline = metrics::AveragePrecision(baseline_scores, labels);
  lead.roc_auc.difference = lead.roc_auc.model - lead.roc_auc.baseline;
  lead.pr_auc.difference = lead.pr_auc.model - lead.pr_auc.baseline;
  if (options.bootstrap_resamples > 0) {
    metrics::BootstrapIntervals intervals =
        metrics::BootstrapLeadIntervals(scores, baseline_scores, labels,
                                        options.bootstrap_resamples, options.seed, options.threads);
    lead.roc_auc.interval = intervals.roc_auc;
    lead.pr_auc.interval = intervals.pr_auc;
  }
  return lead;
}

nlohmann::json LeadJson(const BaselineLead& lead) {
  return {{"baseline", lead.baseline},
          {"roc_auc", FigureJson(lead.roc_auc)},
          {"pr_auc", FigureJson(lead.pr_auc)},
          {"beats", lead.Beats()},
          {"verdict", lead.Verdict()}};
}

}  // namespace churn::report

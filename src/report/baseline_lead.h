#pragma once
// How far a model leads a baseline on the same test rows: the difference in
// ROC-AUC and PR-AUC, with a paired bootstrap interval of each difference,
// and a plain verdict. The model "beats" the baseline only when both
// intervals lie above zero (without intervals: both differences), so a lead
// inside the noise is reported as such, not as a win.
//
//   BaselineLead lead = CompareWithBaseline("recency", scores, recency, labels, options);
//   lead.Verdict()  // "beats the recency baseline: ROC-AUC +0.048 [+0.045, +0.051], ..."

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "metrics/bootstrap_interval.h"

namespace churn::report {

// One figure of the model, of the baseline, and the lead between them.
struct FigureLead {
  double model = 0;
  double baseline = 0;
  double difference = 0;                      // model - baseline
  std::optional<metrics::Interval> interval;  // of the difference; none without a bootstrap
};

struct BaselineLead {
  std::string baseline;  // "recency" or "bgnbd"
  FigureLead roc_auc;
  FigureLead pr_auc;

  bool Beats() const;
  // One sentence without a subject ("beats the recency baseline: ..."), for
  // "The model " before it.
  std::string Verdict() const;
};

struct LeadOptions {
  int bootstrap_resamples = 0;  // 0: no intervals
  std::uint64_t seed = 0;
  int threads = 1;
};

// `baseline`: the baseline's name. Throws InputError when the labels hold a
// single class.
BaselineLead CompareWithBaseline(std::string_view baseline, std::span<const double> scores,
                                 std::span<const double> baseline_scores,
                                 std::span<const std::uint8_t> labels, const LeadOptions& options);

// {"baseline", "roc_auc": {model, baseline, difference, low, high}, "pr_auc": ...,
//  "beats", "verdict"}; low and high null without intervals.
nlohmann::json LeadJson(const BaselineLead& lead);

}  // namespace churn::report

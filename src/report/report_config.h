#pragma once
// How the winning candidate and its operating threshold are chosen and how
// the test figures are reported: the report stage's settings. They live in
// the `train:` section of the config (train.selection_metric,
// train.threshold, train.campaign.*, train.bootstrap_resamples), beside the
// model stage's, and are declared once in VisitSettings.

#include "config/enum_names.h"
#include "config/setting.h"
#include "metrics/threshold_choice.h"

namespace churn::report {

// The validation figure that picks the winner.
enum class SelectionMetric { kPrAuc, kRocAuc, kLogLoss, kF1 };

inline constexpr config::EnumNames<SelectionMetric, 4> kSelectionMetricNames = {{
    {"pr_auc", SelectionMetric::kPrAuc},
    {"roc_auc", SelectionMetric::kRocAuc},
    {"log_loss", SelectionMetric::kLogLoss},
    {"f1", SelectionMetric::kF1},
}};

// How the operating threshold is chosen on validation data.
enum class ThresholdRule { kMaxF1, kMaxProfit };

inline constexpr config::EnumNames<ThresholdRule, 2> kThresholdRuleNames = {{
    {"max_f1", ThresholdRule::kMaxF1},
    {"max_profit", ThresholdRule::kMaxProfit},
}};

struct ReportConfig {
  SelectionMetric selection_metric = SelectionMetric::kPrAuc;
  ThresholdRule threshold_rule = ThresholdRule::kMaxF1;
  int bootstrap_resamples = 200;
  bool backtest = true;
  metrics::CampaignEconomics campaign;  // for max_profit and the curves' profit

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Choice("selection_metric", self.selection_metric, kSelectionMetricNames,
                   "the validation figure that chooses the winning candidate");
    visitor.Choice("threshold", self.threshold_rule, kThresholdRuleNames,
                   "max_f1, or max_profit with the campaign below; chosen on validation data");
    visitor.Value("bootstrap_resamples", self.bootstrap_resamples, config::Range{0, 100000},
                  "behind the 95% intervals of ROC-AUC and PR-AUC on the test set; 0: none");
    visitor.Value("backtest", self.backtest,
                  "`run` also runs the rolling backtest (models/backtest.json): each snapshot "
                  "in turn tested, trained only on those before it");
    visitor.Section("campaign", "A retention campaign, for max_profit and the profit curve.",
                    [&self](auto& nested) {
                      metrics::CampaignEconomics::VisitSettings(self.campaign, nested);
                    });
  }

  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::report

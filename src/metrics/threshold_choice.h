#pragma once
// Choosing the operating threshold, always on validation data: the one of
// maximum F1, or the one of maximum expected profit for a retention campaign.

#include <cstdint>
#include <span>

#include "config/setting.h"
#include "metrics/threshold_metrics.h"

namespace churn::metrics {

// A retention campaign: every flagged user is contacted at `contact_cost`;
// a contacted churner stays with chance `offer_success_rate`, worth
// `retained_value`.
struct CampaignEconomics {
  double contact_cost = 1.0;
  double retained_value = 50.0;
  double offer_success_rate = 0.2;
  bool customer_value = false;

  // Its settings, declared once: the config file's train.campaign section,
  // and the campaign that curves.json records.
  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("contact_cost", self.contact_cost, config::Range{0.0, 1e9},
                  "cost of contacting one user");
    visitor.Value("retained_value", self.retained_value, config::Range{0.0, 1e9},
                  "value of keeping a user who would have left");
    visitor.Value("offer_success_rate", self.offer_success_rate, config::Range{0.0, 1.0},
                  "chance the offer keeps a churner");
    visitor.Value("customer_value", self.customer_value,
                  "weigh each kept churner by their own value over value.horizon_days if they "
                  "stay (BG/NBD and Gamma-Gamma at their snapshot's cutoff) instead of "
                  "retained_value");
  }
};

// Expected profit of contacting the flagged users of `confusion`:
// TP * retained_value * offer_success_rate - flagged * contact_cost, or with
// customer_value the flagged churners' own values (true_positive_value) in
// place of TP * retained_value.
double ExpectedProfit(const ConfusionMatrix& confusion, const CampaignEconomics& economics);

struct ThresholdChoice {
  double threshold = 0.5;
  ConfusionMatrix confusion;  // on the data it was chosen on
  double f1 = 0;
  double expected_profit = 0;
};

// Every distinct score is a candidate threshold, all evaluated in one pass
// over the sorted scores; ties go to the higher threshold (fewer users
// contacted). MaxProfitThreshold also weighs contacting nobody (profit 0),
// and picks it when every threshold loses money: its threshold then lies
// above every score (1.0 when every score is a probability below 1, else the
// next double above the highest score), so ConfusionAt flags nobody there
// too. Both throw InputError when the labels hold a single class (or none).
// `values`: none, or each row's own value (economics.customer_value).
ThresholdChoice MaxF1Threshold(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               const CampaignEconomics& economics,
                               std::span<const double> values = {});
ThresholdChoice MaxProfitThreshold(std::span<const double> scores,
                                   std::span<const std::uint8_t> labels,
                                   const CampaignEconomics& economics,
                                   std::span<const double> values = {});

}  // namespace churn::metrics

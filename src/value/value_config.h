#pragma once
// The customer-value stage's settings (the `value:` section of the config):
// the horizon and discount of a customer's value, the fits' penalty, how
// many repeat buyers a fit needs, and how the at-risk list is ranked.

#include "config/enum_names.h"
#include "config/setting.h"

namespace churn::value {

// The order of the at-risk list: by churn probability, or by the value a
// departure would cost (probability times expected value).
enum class RankBy { kProbability, kValueAtRisk };

inline constexpr config::EnumNames<RankBy, 2> kRankByNames = {{
    {"probability", RankBy::kProbability},
    {"value_at_risk", RankBy::kValueAtRisk},
}};

inline constexpr int kMaxHorizonDays = 3660;

struct ValueConfig {
  int horizon_days = 90;
  double monthly_discount_rate = 0.01;
  double l2_penalty = 0;
  int min_repeat_customers = 50;
  RankBy rank_by = RankBy::kProbability;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("horizon_days", self.horizon_days, config::Range{1, kMaxHorizonDays},
                  "days ahead that expected purchases and a customer's value cover");
    visitor.Value("monthly_discount_rate", self.monthly_discount_rate, config::Range{0.0, 1.0},
                  "discount of each later month's value (0.01: 1 % a month)");
    visitor.Value("l2_penalty", self.l2_penalty, config::Range{0.0, 1000.0},
                  "L2 penalty on the BG/NBD and Gamma-Gamma parameters (the lifetimes package's "
                  "penalizer_coef); 0: plain maximum likelihood");
    visitor.Value("min_repeat_customers", self.min_repeat_customers, config::Range{1, 1000000000},
                  "customers with a repeat purchase that the models need; with fewer, no value "
                  "is given and a warning says why");
    visitor.Choice("rank_by", self.rank_by, kRankByNames,
                   "the at-risk list's order: probability, or value_at_risk (probability times "
                   "expected value); score --rank-by overrides it");
  }

  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::value

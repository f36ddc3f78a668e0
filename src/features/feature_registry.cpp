#include "features/feature_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>

#include "errors/error.h"

namespace churn::features {
namespace {

using Stats = SnapshotStats;
using Context = FeatureContext;
using enum ValueKind;
using enum ChurnDirection;

constexpr double kRecentDays = 7;
constexpr double kMediumDays = 30;

// a / b, or 0 when b is 0: a user with no views has a conversion of 0, not NaN.
double Ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0.0;
}

double Clicks(const Stats& s) {
  return s.events - s.purchases;
}
double AccountAge(const Stats& s) {
  return std::max(1.0, s.days_since_first_visit);
}
double AsFlag(bool value) {
  return value ? 1.0 : 0.0;
}

// clang-format off
constexpr std::array kFeatures = {
    // The seed's 21, with its names.
    FeatureSpec{"clicks", "events other than purchases (views, carts, removals)",
                "views + carts + removes",
                Words(kCount, "{} clicks", "{} click"),
                [](const Stats& s, const Context&) { return Clicks(s); }},
    FeatureSpec{"purchases", "purchase events", "count of purchase events",
                Words(kCount, "{} purchases", "{} purchase"),
                [](const Stats& s, const Context&) { return s.purchases; }},
    FeatureSpec{"avg_session_time", "average session length in minutes",
                "mean over sessions of (last event - first event) / 60",
                Words(kMinutes, "average visit of {} minutes", "average visit of {} minute"),
                [](const Stats& s, const Context&) { return s.session_minutes_mean; }},
    FeatureSpec{"active_days", "days with at least one event", "count of distinct days",
                Words(kCount, "active on {} days", "active on {} day"),
                [](const Stats& s, const Context&) { return s.active_days; }},
    FeatureSpec{"days_since_last_visit", "days since the last visit",
                "(cutoff - time of the last event) / 86400",
                Words(kDays, "last visit {} days ago", "last visit {} day ago"),
                [](const Stats& s, const Context&) { return s.days_since_last_visit; }, kRises},
    FeatureSpec{"account_age_days", "days since the first visit seen",
                "(cutoff - time of the first event) / 86400",
                Words(kDays, "first seen {} days ago", "first seen {} day ago"),
                [](const Stats& s, const Context&) { return s.days_since_first_visit; }},
    FeatureSpec{"avg_order_value", "average value of a purchase", "total_spend / purchases",
                Words(kMoney, "average order of {}"),
                [](const Stats& s, const Context&) { return Ratio(s.spend, s.purchases); }},
    FeatureSpec{"total_spend", "money spent", "sum of purchase amounts, less cancellations",
                Words(kMoney, "spent {} in total"),
                [](const Stats& s, const Context&) { return s.spend; }},
    FeatureSpec{"n_unique_categories", "distinct categories browsed", "count of distinct category ids",
                Words(kCount, "browsed {} categories", "browsed {} category"),
                [](const Stats& s, const Context&) { return s.unique_categories; }},
    FeatureSpec{"n_unique_brands", "distinct brands browsed", "count of distinct non-empty brands",
                Words(kCount, "browsed {} brands", "browsed {} brand"),
                [](const Stats& s, const Context&) { return s.unique_brands; }},
    FeatureSpec{"is_buyer", "bought at least once", "purchases > 0",
                Flag("has bought before", "has never bought"),
                [](const Stats& s, const Context&) { return AsFlag(s.purchases > 0); }},
    FeatureSpec{"high_value_user", "spends like the top quarter of buyers",
                "total_spend >= 75th percentile of total_spend among buyers of the training snapshots",
                Flag("spends like the top quarter of buyers", "spends less than the top quarter of buyers"),
                [](const Stats& s, const Context& c) {
                  return AsFlag(s.spend > 0 && s.spend >= c.high_value_spend);
                }},
    FeatureSpec{"conversion_rate", "purchases per click", "purchases / clicks",
                Words(kShare, "conversion rate of {}"),
                [](const Stats& s, const Context&) { return Ratio(s.purchases, Clicks(s)); }},
    FeatureSpec{"engagement", "events per active day", "(clicks + purchases) / active_days",
                Words(kRatio, "{} actions per active day", "{} action per active day"),
                [](const Stats& s, const Context&) { return Ratio(s.events, s.active_days); }},
    FeatureSpec{"clicks_per_time", "clicks per day of account age", "clicks / max(1, account_age_days)",
                Words(kRatio, "{} clicks per day since the first visit", "{} click per day since the first visit"),
                [](const Stats& s, const Context&) { return Clicks(s) / AccountAge(s); }},
    FeatureSpec{"order_value_per_time", "average order value per day of account age",
                "avg_order_value / max(1, account_age_days)",
                Words(kMoney, "average order of {} per day since the first visit"),
                [](const Stats& s, const Context&) { return Ratio(s.spend, s.purchases) / AccountAge(s); }},
    FeatureSpec{"spend_per_day", "money spent per day of account age",
                "total_spend / max(1, account_age_days)",
                Words(kMoney, "spent {} per day since the first visit"),
                [](const Stats& s, const Context&) { return s.spend / AccountAge(s); }},
    FeatureSpec{"purchases_per_day", "purchases per day of account age",
                "purchases / max(1, account_age_days)",
                Words(kRatio, "{} purchases per day since the first visit", "{} purchase per day since the first visit"),
                [](const Stats& s, const Context&) { return s.purchases / AccountAge(s); }},
    FeatureSpec{"days_bin_recent", "visited in the last week", "days_since_last_visit <= 7",
                Flag("visited in the last week", "no visit in the last week"),
                [](const Stats& s, const Context&) { return AsFlag(s.days_since_last_visit <= kRecentDays); }, kFalls},
    FeatureSpec{"days_bin_medium", "last visit one week to a month ago",
                "7 < days_since_last_visit <= 30",
                Flag("last visit one week to a month ago", "last visit within a week or over a month ago"),
                [](const Stats& s, const Context&) {
                  return AsFlag(s.days_since_last_visit > kRecentDays && s.days_since_last_visit <= kMediumDays);
                }},
    FeatureSpec{"days_bin_long", "last visit over a month ago", "days_since_last_visit > 30",
                Flag("last visit over a month ago", "visited within the last month"),
                [](const Stats& s, const Context&) { return AsFlag(s.days_since_last_visit > kMediumDays); }, kRises},

    // Richer behaviour.
    FeatureSpec{"n_views", "products viewed", "count of view events",
                Words(kCount, "{} product views", "{} product view"),
                [](const Stats& s, const Context&) { return s.views; }},
    FeatureSpec{"n_carts", "products put in the cart", "count of cart events",
                Words(kCount, "{} products put in the cart", "{} product put in the cart"),
                [](const Stats& s, const Context&) { return s.carts; }},
    FeatureSpec{"n_removes", "products taken out of the cart", "count of remove_from_cart events",
                Words(kCount, "{} products taken out of the cart", "{} product taken out of the cart"),
                [](const Stats& s, const Context&) { return s.removes; }},
    FeatureSpec{"n_sessions", "visits (sessions)", "count of distinct sessions",
                Words(kCount, "{} visits", "{} visit"),
                [](const Stats& s, const Context&) { return s.sessions; }},
    FeatureSpec{"n_unique_products", "distinct products seen", "count of distinct product ids",
                Words(kCount, "looked at {} different products", "looked at {} product"),
                [](const Stats& s, const Context&) { return s.unique_products; }},
    FeatureSpec{"cart_rate", "carts per view", "n_carts / n_views",
                Words(kShare, "put {} of viewed products in the cart"),
                [](const Stats& s, const Context&) { return Ratio(s.carts, s.views); }},
    FeatureSpec{"cart_to_purchase_rate", "purchases per cart", "purchases / n_carts",
                Words(kShare, "bought {} of what went into the cart"),
                [](const Stats& s, const Context&) { return Ratio(s.purchases, s.carts); }},
    FeatureSpec{"remove_rate", "removals per cart (abandoned carts)", "n_removes / n_carts",
                Words(kShare, "took {} of cart items back out"),
                [](const Stats& s, const Context&) { return Ratio(s.removes, s.carts); }},
    FeatureSpec{"days_since_last_purchase", "days since the last purchase",
                "(cutoff - last purchase) / 86400; the observation length when none",
                Words(kDays, "no purchase in the last {} days", "no purchase in the last {} day"),
                [](const Stats& s, const Context&) { return s.days_since_last_purchase; }, kRises},
    FeatureSpec{"days_since_last_cart", "days since something was last put in the cart",
                "(cutoff - last cart) / 86400; the observation length when none",
                Words(kDays, "nothing put in the cart in the last {} days", "nothing put in the cart in the last {} day"),
                [](const Stats& s, const Context&) { return s.days_since_last_cart; }, kRises},
    FeatureSpec{"events_last_7d", "events in the last 7 days", "events in [cutoff - 7 days, cutoff)",
                Words(kCount, "{} actions in the last 7 days", "{} action in the last 7 days"),
                [](const Stats& s, const Context&) { return s.events_7d; }, kFalls},
    FeatureSpec{"events_last_14d", "events in the last 14 days", "events in [cutoff - 14 days, cutoff)",
                Words(kCount, "{} actions in the last 14 days", "{} action in the last 14 days"),
                [](const Stats& s, const Context&) { return s.events_14d; }, kFalls},
    FeatureSpec{"sessions_last_14d", "visits in the last 14 days", "sessions starting in the last 14 days",
                Words(kCount, "{} visits in the last 14 days", "{} visit in the last 14 days"),
                [](const Stats& s, const Context&) { return s.sessions_14d; }, kFalls},
    FeatureSpec{"activity_trend_7d", "activity of the last week against the four weeks before",
                "(events_last_7d + 1) / (events in days 8..35 before the cutoff / 4 + 1)",
                Words(kShare, "last week's activity at {} of the weekly average before"),
                [](const Stats& s, const Context&) { return (s.events_7d + 1) / (s.events_8_35d / 4 + 1); }},
    FeatureSpec{"activity_trend_14d", "activity of the last two weeks against the four weeks before",
                "(events_last_14d + 1) / (events in days 15..42 before the cutoff / 2 + 1)",
                Words(kShare, "last two weeks' activity at {} of the average before"),
                [](const Stats& s, const Context&) { return (s.events_14d + 1) / (s.events_prev_28d / 2 + 1); }},
    FeatureSpec{"gap_days_mean", "average days between visits", "mean gap from a session's end to the next start",
                Words(kDays, "{} days between visits on average", "{} day between visits on average"),
                [](const Stats& s, const Context&) { return s.gap_days_mean; }},
    FeatureSpec{"gap_days_max", "longest break between visits, in days", "max gap between sessions",
                Words(kDays, "longest break between visits of {} days", "longest break between visits of {} day"),
                [](const Stats& s, const Context&) { return s.gap_days_max; }},
    FeatureSpec{"gap_days_last", "days between the last two visits", "gap before the last session",
                Words(kDays, "{} days between the last two visits", "{} day between the last two visits"),
                [](const Stats& s, const Context&) { return s.gap_days_last; }},
    FeatureSpec{"session_minutes_max", "longest session in minutes", "max session length",
                Words(kMinutes, "longest visit of {} minutes", "longest visit of {} minute"),
                [](const Stats& s, const Context&) { return s.session_minutes_max; }},
    FeatureSpec{"session_depth_mean", "events per visit", "mean events per session",
                Words(kRatio, "{} actions per visit on average", "{} action per visit on average"),
                [](const Stats& s, const Context&) { return s.session_depth_mean; }},
    FeatureSpec{"session_depth_max", "events in the busiest visit", "max events per session",
                Words(kCount, "{} actions in the busiest visit", "{} action in the busiest visit"),
                [](const Stats& s, const Context&) { return s.session_depth_max; }},
    FeatureSpec{"weekend_share", "share of events on weekends", "events on Saturday or Sunday / events",
                Words(kShare, "{} of activity on weekends"),
                [](const Stats& s, const Context&) { return Ratio(s.weekend_events, s.events); }},
    FeatureSpec{"night_share", "share of events at night", "events between 00:00 and 06:00 UTC / events",
                Words(kShare, "{} of activity at night"),
                [](const Stats& s, const Context&) { return Ratio(s.night_events, s.events); }},
    FeatureSpec{"spend_last_30d", "money spent in the last 30 days", "purchase amounts in [cutoff - 30 days, cutoff)",
                Words(kMoney, "spent {} in the last 30 days"),
                [](const Stats& s, const Context&) { return s.spend_30d; }},
    FeatureSpec{"spend_trend", "spending of the last 30 days against the 30 before",
                "spend_last_30d - spend in days 31..60 before the cutoff",
                Words(kMoneyChange, "spending {} in the last 30 days against the 30 before"),
                [](const Stats& s, const Context&) { return s.spend_30d - s.spend_prev_30d; }},
    FeatureSpec{"avg_viewed_price", "price level of the products viewed", "sum of viewed prices / n_views",
                Words(kMoney, "looks at products priced {} on average"),
                [](const Stats& s, const Context&) { return Ratio(s.viewed_price_sum, s.views); }},
};
// clang-format on

// The phrase as the docs show it: "last visit … days ago", or a flag's two
// readings side by side.
std::string PhraseForDocs(const ValuePhrase& phrase) {
  if (phrase.kind == ValueKind::kFlag) {
    return fmt::format("{} / {}", phrase.text, phrase.text_when_unset);
  }
  std::string text(phrase.text);
  if (std::size_t slot = text.find("{}"); slot != std::string::npos) {
    text.replace(slot, 2, "…");
  }
  return text;
}

// How the docs say a direction: the column "churn as it grows".
std::string_view DirectionForDocs(ChurnDirection direction) {
  switch (direction) {
    case kRises:
      return "rises";
    case kFalls:
      return "falls";
    case kUnknown:
      break;
  }
  return "";
}

}  // namespace

std::span<const FeatureSpec> FeatureRegistry() {
  return kFeatures;
}

void ComputeFeatures(const SnapshotStats& stats, const FeatureContext& context,
                     std::vector<double>* values) {
  std::span<const FeatureSpec> registry = FeatureRegistry();
  values->resize(registry.size());
  for (std::size_t feature_idx = 0; feature_idx < registry.size(); ++feature_idx) {
    (*values)[feature_idx] = registry[feature_idx].compute(stats, context);
  }
}

std::vector<int> ChurnDirections(const std::vector<std::string>& feature_names) {
  std::vector<int> directions;
  directions.reserve(feature_names.size());
  for (const std::string& name : feature_names) {
    const auto* spec =
        std::find_if(kFeatures.begin(), kFeatures.end(),
                     [&name](const FeatureSpec& entry) { return entry.name == name; });
    if (spec == kFeatures.end()) {
      throw InputError(fmt::format(
          "'{}' is not a feature of the registry, so its churn direction is unknown", name));
    }
    directions.push_back(static_cast<int>(spec->churn_direction));
  }
  return directions;
}

std::string RenderFeatureDocs() {
  std::string text =
      "# Features\n\n"
      "Generated from `src/features/feature_registry.cpp`; do not edit by hand (run the\n"
      "features tests with `CHURN_UPDATE_DOCS=1` to rewrite it). Every time is measured from the\n"
      "snapshot's cutoff and only events before the cutoff count. The first 21 are the seed's.\n"
      "The column *in a reason* is how a score's reasons put the user's value in words (… is\n"
      "the value; a flag reads one way when set and the other when not). *Churn as it grows* is\n"
      "the direction churn moves in as the feature grows, all else equal, where the domain\n"
      "rather than the data says so for every shop (recency and recent activity; totals over\n"
      "the whole history are left blank); with `train.monotone_constraints` the boosted trees\n"
      "are held to it.\n\n"
      "| # | feature | meaning | formula | in a reason | churn as it grows |\n"
      "|---:|---|---|---|---|---|\n";
  int column = 1;
  for (const FeatureSpec& spec : kFeatures) {
    text += fmt::format("| {} | `{}` | {} | {} | {} | {} |\n", column++, spec.name, spec.meaning,
                        spec.formula, PhraseForDocs(spec.phrase),
                        DirectionForDocs(spec.churn_direction));
  }
  return text;
}

}  // namespace churn::features

#pragma once
// SnapshotStats: what one user did in one snapshot's observation window,
// and whether they churned in its label window. Computed from the user's
// history by day, so nothing at or after the cutoff reaches the features.
// Every feature of the registry is a formula over these figures.

#include <cstdint>
#include <vector>

#include "features/churn_definition.h"
#include "features/purchase_history.h"
#include "features/snapshot_plan.h"
#include "features/user_history.h"

namespace churn::features {

struct SnapshotStats {
  bool observed = false;   // at least one event in the observation window
  bool in_cohort = false;  // and active in the cohort window (the seed's rule)
  bool churned = false;    // no qualifying event in the label window

  double events = 0;
  double views = 0;
  double carts = 0;
  double removes = 0;
  double purchases = 0;
  double night_events = 0;
  double weekend_events = 0;
  double spend = 0;             // currency units
  double viewed_price_sum = 0;  // currency units
  double active_days = 0;
  double observation_days = 0;  // length of the observation window

  double days_since_last_visit = 0;
  double days_since_first_visit = 0;
  double days_since_last_purchase = 0;  // observation_days when none
  double days_since_last_cart = 0;      // observation_days when none

  double sessions = 0;
  double session_minutes_mean = 0;
  double session_minutes_max = 0;
  double session_depth_mean = 0;
  double session_depth_max = 0;
  double gap_days_mean = 0;  // between the end of a session and the start of the next
  double gap_days_max = 0;
  double gap_days_last = 0;

  double events_7d = 0;        // in the 7 days before the cutoff
  double events_8_35d = 0;     // in the four weeks before those 7
  double events_14d = 0;       // in the 14 days before the cutoff
  double events_prev_28d = 0;  // in the 28 days before those 14
  double sessions_14d = 0;
  double spend_30d = 0;
  double spend_prev_30d = 0;

  double unique_products = 0;
  double unique_categories = 0;
  double unique_brands = 0;

  // The purchase summary of the customer-value models, over the same window.
  PurchaseHistory purchase_history;
};

// Scratch space reused between calls, so computing millions of rows
// allocates nothing per row.
struct StatsScratch {
  // A session's slices before the cutoff, joined across midnight.
  struct Session {
    std::uint64_t key = 0;
    std::int64_t first_time = 0;
    std::int64_t last_time = 0;
    std::uint32_t events = 0;
  };
  std::vector<Session> sessions;
};

// Only the figures that come from the day records (counts, spend, recency,
// the purchase summary, observed, in_cohort and the label), not sessions or distinct items: enough
// to label users and fit the feature context, at a fraction of the cost.
SnapshotStats ComputeDayStats(const UserHistory& history, const Snapshot& snapshot,
                              QualifyingEvent qualifying_event);

SnapshotStats ComputeSnapshotStats(const UserHistory& history, const Snapshot& snapshot,
                                   QualifyingEvent qualifying_event, StatsScratch* scratch);

}  // namespace churn::features

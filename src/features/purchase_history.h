#pragma once
// A customer's purchase summary at a cutoff, in the definitions of the
// `lifetimes` package and of Fader, Hardie and Lee, in one time unit (days
// in this project; the CDNOW tests use weeks):
//   frequency  repeat purchases: purchase periods after the first one (x)
//   recency    time from the first purchase to the last one (t_x)
//   age        time from the first purchase to the cutoff (T)
//   monetary   mean spend of the repeat purchases (0 without any)
// A user without a purchase before the cutoff is no customer yet: age 0.
// In days, a purchase period is a calendar day (UTC) and the cutoff a
// midnight: age counts the days from the first purchase day up to the
// cutoff, one more than `lifetimes` counts when given the day before the
// cutoff as the end of the period, so that a customer is never 0 days old.
// Only the days in the window given count (churn.observation_days: the
// features' window, all history by default).
//
//   PurchaseHistory history = SummarizePurchases(user, first_day, cutoff_day);
//   if (history.IsCustomer()) ... history.frequency ...

#include "features/user_history.h"

namespace churn::features {

struct PurchaseHistory {
  double frequency = 0;
  double recency = 0;
  double age = 0;
  double monetary = 0;

  bool IsCustomer() const { return age > 0; }
};

// In days, from the days in [first_day, cutoff) on which the user bought
// (one purchase period per day, its spend the day's, less that day's
// cancellations; a cancellation on a day without a purchase changes
// nothing). The history's days must be in order (UserHistory::Finish).
PurchaseHistory SummarizePurchases(const UserHistory& history, Day first_day, Day cutoff);

}  // namespace churn::features

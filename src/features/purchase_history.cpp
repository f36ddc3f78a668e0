#include "features/purchase_history.h"

#include "features/log_event.h"

namespace churn::features {

PurchaseHistory SummarizePurchases(const UserHistory& history, Day first_day, Day cutoff) {
  PurchaseHistory summary;
  Day first_purchase = 0;
  Day last_purchase = 0;
  std::int64_t repeat_spend_cents = 0;
  bool bought = false;
  for (const DayActivity& activity : history.days()) {
    if (activity.day < first_day || activity.purchases == 0) {
      continue;
    }
    if (activity.day >= cutoff) {
      break;
    }
    if (!bought) {
      bought = true;
      first_purchase = activity.day;
    } else {
      summary.frequency += 1;
      repeat_spend_cents += activity.spend_cents;
    }
    last_purchase = activity.day;
  }
  if (!bought) {
    return summary;
  }
  summary.recency = last_purchase - first_purchase;
  summary.age = cutoff - first_purchase;
  if (summary.frequency > 0) {
    summary.monetary = static_cast<double>(repeat_spend_cents) /
                       static_cast<double>(kCentsPerUnit) / summary.frequency;
  }
  return summary;
}

}  // namespace churn::features

#include "features/churn_definition.h"

#include <fmt/format.h>

#include <algorithm>

#include "config/setting_checks.h"
#include "errors/error.h"
#include "events/event_time.h"

namespace churn::features {
void ChurnDefinition::Validate() const {
  config::CheckSettings(*this, "churn");
  if (observation_days > 0 && cohort_active_days > observation_days) {
    throw ConfigError(
        fmt::format("churn.cohort_active_days ({}) cannot exceed churn.observation_days ({})",
                    cohort_active_days, observation_days));
  }
  if (snapshot_step_days > 0 && !cutoffs.empty()) {
    throw ConfigError(
        "churn.snapshot_step_days and churn.cutoffs both choose the cutoffs: set one of them");
  }
  for (std::int64_t cutoff : cutoffs) {
    if (cutoff % events::kSecondsPerDay != 0) {
      throw InternalError("a churn cutoff must fall on a UTC midnight");
    }
  }
  if (std::adjacent_find(cutoffs.begin(), cutoffs.end(), std::greater_equal<>()) != cutoffs.end()) {
    throw ConfigError("churn.cutoffs must be distinct dates in ascending order");
  }
}

}  // namespace churn::features

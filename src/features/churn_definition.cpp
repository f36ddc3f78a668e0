#include "features/churn_definition.h"

#include <fmt/format.h>

#include <algorithm>

#include "errors/error.h"
#include "events/event_time.h"

namespace churn::features {
namespace {

constexpr int kMaxWindowDays = 3660;

void CheckDays(std::string_view key, int days) {
  if (days < 0 || days > kMaxWindowDays) {
    throw ConfigError(
        fmt::format("churn.{} must be between 0 and {} days, got {}", key, kMaxWindowDays, days));
  }
}

}  // namespace

void ChurnDefinition::Validate() const {
  CheckDays("observation_days", observation_days);
  CheckDays("label_days", label_days);
  CheckDays("cohort_active_days", cohort_active_days);
  if (observation_days > 0 && cohort_active_days > observation_days) {
    throw ConfigError(
        fmt::format("churn.cohort_active_days ({}) cannot exceed churn.observation_days ({})",
                    cohort_active_days, observation_days));
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

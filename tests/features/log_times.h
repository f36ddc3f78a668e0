#pragma once
// Moments the feature tests put their events at, in Unix seconds (UTC).

#include <cstdint>

#include "events/event_time.h"

namespace churn::features {

inline constexpr std::int64_t kDay = events::kSecondsPerDay;
inline constexpr std::int64_t kOct1st2019 = 1569888000;  // 2019-10-01 00:00:00 UTC
inline constexpr std::int64_t kDec1st2010 = 1291161600;  // 2010-12-01 00:00:00 UTC

}  // namespace churn::features

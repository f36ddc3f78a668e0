#pragma once
// The version printed by --version and written into artifacts.

#include <string_view>

namespace churn::app {

inline constexpr std::string_view kVersion = CHURN_RADAR_VERSION;

}  // namespace churn::app

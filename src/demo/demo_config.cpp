#include "demo/demo_config.h"

#include <fmt/format.h>

#include "config/setting_checks.h"
#include "errors/error.h"

namespace churn::demo {
namespace {

constexpr events::YearMonth kFirstStart{1971, 1};
constexpr events::YearMonth kLastStart{2200, 12};

}  // namespace

void DemoConfig::Validate() const {
  config::CheckSettings(*this, "demo");
  if (start < kFirstStart || start > kLastStart || start.month() < 1 || start.month() > 12) {
    throw ConfigError(fmt::format("demo.start must be a month between {} and {}, got {}",
                                  kFirstStart.ToIsoString(), kLastStart.ToIsoString(),
                                  start.ToIsoString()));
  }
}

}  // namespace churn::demo

#include "demo/demo_config.h"

#include <fmt/format.h>

#include "errors/error.h"

namespace churn::demo {
namespace {

constexpr std::int64_t kMaxUsers = 100'000'000;  // shopper indices are 32-bit
constexpr int kMaxMonths = 36;
constexpr int kMinYear = 1971;
constexpr int kMaxYear = 2200;
constexpr int kMaxThreads = 256;

}  // namespace

void DemoConfig::Validate() const {
  if (users < 1 || users > kMaxUsers) {
    throw ConfigError(fmt::format("demo.users must be between 1 and {}, got {}", kMaxUsers, users));
  }
  if (months < 1 || months > kMaxMonths) {
    throw ConfigError(
        fmt::format("demo.months must be between 1 and {}, got {}", kMaxMonths, months));
  }
  if (start.year() < kMinYear || start.year() > kMaxYear || start.month() < 1 ||
      start.month() > 12) {
    throw ConfigError(fmt::format("demo.start must be a month between {}-01 and {}-12, got {}",
                                  kMinYear, kMaxYear, start.ToIsoString()));
  }
  if (threads < 0 || threads > kMaxThreads) {
    throw ConfigError(fmt::format("demo.threads must be between 0 (every core) and {}, got {}",
                                  kMaxThreads, threads));
  }
}

}  // namespace churn::demo

#pragma once
// Settings of the demo log generator (`churn-radar make-dataset --demo` and
// the `demo:` section of the config), declared once in VisitSettings.

#include <cstdint>

#include "config/setting.h"
#include "events/compression.h"
#include "events/year_month.h"

namespace churn::demo {

inline constexpr std::int64_t kMaxUsers = 100'000'000;  // shopper indices are 32-bit

struct DemoConfig {
  std::int64_t users = 20000;
  int months = 4;
  events::YearMonth start{2019, 10};
  std::uint64_t seed = 42;
  events::Compression compression = events::Compression::kNone;
  int threads = 0;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("users", self.users, config::Range<std::int64_t>{1, kMaxUsers},
                  "shoppers; --users 2000000 streams to disk with bounded memory");
    visitor.Value("months", self.months, config::Range{1, 36},
                  "monthly files; four months give rolling snapshots with a later test month");
    visitor.Value("start", self.start, "first month, 1971-01 to 2200-12");
    visitor.Value("seed", self.seed, "same seed, same logs");
    visitor.Choice("compression", self.compression, events::kCompressionChoiceNames,
                   "how the monthly files are written");
    visitor.Value("threads", self.threads, config::Range{0, 256}, "0: every core");
  }

  // Throws ConfigError naming the setting that is out of range.
  void Validate() const;
};

}  // namespace churn::demo

#pragma once
// Settings of the demo log generator (`churn-radar make-dataset --demo` and
// the `demo:` section of the config).

#include <cstdint>

#include "events/compression.h"
#include "events/year_month.h"

namespace churn::demo {

struct DemoConfig {
  std::int64_t users = 20000;         // shoppers in the population
  int months = 4;                     // monthly files to write
  events::YearMonth start{2019, 10};  // first month
  std::uint64_t seed = 42;            // same seed, same logs
  events::Compression compression = events::Compression::kNone;
  int threads = 0;  // 0: every core

  // Throws ConfigError naming the setting that is out of range.
  void Validate() const;
};

}  // namespace churn::demo

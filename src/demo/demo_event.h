#pragma once
// One generated event before it is written: compact (40 bytes), because a
// day of a big demo holds millions of them.

#include <cstdint>

#include "events/event_type.h"
#include "events/rees46_row.h"

namespace churn::demo {

struct DemoEvent {
  std::int64_t time = 0;      // Unix seconds, UTC
  std::uint32_t shopper = 0;  // index into the population
  std::uint32_t product = 0;  // index into the catalogue
  events::EventType type = events::EventType::kView;
  events::SessionUuid session;
};

}  // namespace churn::demo

#pragma once
// SessionSimulator plays the visits of one shopper on one day: when they
// come, what they view, what goes into the cart and out again, and what they
// buy. A fading shopper's sessions are shorter, with fewer carts, more
// removals and fewer purchases.

#include <cstdint>
#include <vector>

#include "demo/catalog.h"
#include "demo/demo_event.h"
#include "demo/random_stream.h"
#include "demo/shopper.h"

namespace churn::demo {

// One shopper on one day, as the generator hands it to the simulator.
struct ShopperDay {
  const Shopper* shopper = nullptr;
  std::uint32_t shopper_idx = 0;
  std::int64_t day_start = 0;  // Unix seconds of the day's midnight, UTC
  double engagement = 0;       // Shopper::EngagementOn the day
  bool joins_today = false;    // the first visit ever: at least one session
};

// The mean number of sessions the shopper starts on the day: the Poisson
// rate SimulateDay draws from (a joining shopper starts at least one).
double ExpectedSessions(const Shopper& shopper, std::int64_t day_start, double engagement);

// The random stream of shopper `shopper_idx` on day `day` of the window: a
// shopper's day never depends on how shoppers are split between threads.
RandomStream ShopperDayStream(std::uint64_t seed, std::uint64_t shopper_idx, std::int32_t day);

// How many sessions the shopper starts on the day: SimulateDay's first draw.
int DrawSessionCount(const ShopperDay& day, RandomStream& random);

class SessionSimulator {
 public:
  explicit SessionSimulator(const Catalog& catalog);

  // Appends the events of the shopper's sessions on the day to *out.
  void SimulateDay(const ShopperDay& day, RandomStream& random, std::vector<DemoEvent>* out);

 private:
  void SimulateSession(const ShopperDay& day, std::int64_t start, RandomStream& random,
                       std::vector<DemoEvent>* out);
  std::uint32_t PickProduct(const Shopper& shopper, RandomStream& random) const;
  std::int64_t DrawSessionStart(const Shopper& shopper, std::int64_t day_start,
                                RandomStream& random) const;

  const Catalog& catalog_;
  AliasTable hour_of_day_;
  std::vector<std::uint32_t> cart_;  // scratch: products in the current session's cart
};

}  // namespace churn::demo

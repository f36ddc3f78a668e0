#pragma once
// The hidden behaviour of one demo user, drawn once from the seed. None of it
// is written to the logs: the pipeline has to infer it from events, as it
// would for a real shop.
//
// The churn process: every shopper has a day on which they leave. Most fade
// out before it (fewer and shorter sessions, fewer purchases, more abandoned
// carts); some leave abruptly. Noise keeps any one signal from giving the
// answer away: engagement is heavy-tailed, some loyal shoppers take a long
// break and come back, and quiet shoppers can miss a month by chance.

#include <array>
#include <cstdint>

namespace churn::demo {

class Catalog;

// A day index counts days from the first day of the generated window.
// kNoBreak marks a shopper who never pauses.
inline constexpr std::int32_t kNoBreak = 1 << 30;

struct Shopper {
  std::uint64_t user_id = 0;
  std::int32_t join_day = 0;   // first day they may visit; negative: joined before the window
  std::int32_t leave_day = 0;  // first day with no visit any more
  std::int32_t fade_days = 0;  // activity fades over this many days before leave_day; 0: abrupt
  // Mean of the exponential lifetime leave_day was drawn from; 0 for a
  // one-time visitor, whose leave_day is a few days after joining.
  float mean_lifetime_days = 0;
  std::int32_t break_start = kNoBreak;  // a holiday: no visits in [break_start, break_end)
  std::int32_t break_end = kNoBreak;
  float sessions_per_day = 0;   // visit rate when fully engaged
  float views_per_session = 0;  // mean session depth
  float cart_rate = 0;          // chance a viewed product goes to the cart
  float remove_rate = 0;        // chance a carted product is taken out again
  float purchase_rate = 0;      // chance a session with a full cart ends in a purchase
  float night_share = 0;        // share of sessions between midnight and 6 am
  float favourite_share = 0;    // share of views in the favourite categories
  std::array<std::uint32_t, 3> favourite_categories{};

  // How engaged the shopper is on the day: 1 while loyal, falling towards 0
  // during the fade, 0 before joining, during a break and after leaving.
  double EngagementOn(std::int32_t day) const;
};

// Draws shopper number `index` of a population. Deterministic in (seed, index).
// window_days is the length of the generated window.
Shopper DrawShopper(std::uint64_t seed, std::uint64_t index, std::int32_t window_days,
                    const Catalog& catalog);

}  // namespace churn::demo

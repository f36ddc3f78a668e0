#include "demo/shopper.h"

#include <algorithm>
#include <cmath>

#include "demo/catalog.h"
#include "demo/random_stream.h"

namespace churn::demo {
namespace {

// The hidden population model. Each number is a knob of the demo shop, set
// so that the logs look like a real shop's (REES46-like rates) and so that a
// model can learn churn without any one feature giving it away.

// User ids look like REES46's nine-digit ids; a random offset within a stride
// keeps them unique without being consecutive.
constexpr std::uint64_t kFirstUserId = 500000000;
constexpr std::uint64_t kUserIdStride = 13;
constexpr std::uint64_t kShopperStreamSalt = 0x5ba77e5ULL;

// Engagement: visits per day are log-normal, so a few shoppers make most of
// the traffic (heavy tail).
constexpr double kMedianSessionsPerDay = 0.12;
constexpr double kSessionsPerDaySpread = 0.9;
constexpr double kMinSessionsPerDay = 0.01;
constexpr double kMaxSessionsPerDay = 3.0;

// Buyers: more likely among engaged shoppers.
constexpr double kBaseBuyerChance = 0.25;
constexpr double kBuyerChancePerLogEngagement = 0.12;
constexpr double kMinBuyerChance = 0.05;
constexpr double kMaxBuyerChance = 0.75;

// Arrival: some shoppers were customers before the logs start, the others
// join during the window, a little faster as the shop grows.
constexpr double kExistingShopperShare = 0.45;
constexpr double kMaxPastTenureDays = 540;

// Lifetime: exponential (memoryless) around a mean that grows with
// engagement and is longer for buyers; one-time visitors leave within days.
constexpr double kMedianLifetimeDays = 160;
constexpr double kLifetimeEngagementExponent = 0.4;
constexpr double kBuyerLifetimeFactor = 1.9;
constexpr double kLifetimeSpread = 0.35;
constexpr double kOneTimeVisitorShare = 0.2;
constexpr double kBuyerOneTimeFactor = 0.4;  // buyers rarely visit only once
constexpr std::uint64_t kOneTimeVisitorMaxDays = 5;

// Leaving: most shoppers fade out over a few weeks, some leave abruptly.
constexpr double kAbruptLeaverShare = 0.3;
constexpr std::int32_t kMinFadeDays = 7;
constexpr std::uint64_t kFadeDaysRange = 30;
constexpr double kFadeCurveExponent = 1.3;  // slow at first, then steep

// Breaks: loyal shoppers who pause (a holiday) and come back, the noise that
// keeps "quiet lately" from meaning "gone".
constexpr double kBreakShare = 0.2;
constexpr std::int32_t kMinBreakDays = 10;
constexpr std::uint64_t kBreakDaysRange = 35;

// Habits within a session.
constexpr double kMedianViewsPerSession = 3.5;
constexpr double kViewsPerSessionSpread = 0.5;
constexpr double kViewsEngagementExponent = 0.15;
constexpr double kMaxTypicalViewsPerSession = 40.0;
constexpr double kBuyerCartRate = 0.09;
constexpr double kBrowserCartRate = 0.03;
constexpr double kCartRateSpread = 0.5;
constexpr double kMaxCartRate = 0.6;
constexpr double kMedianRemoveRate = 0.2;
constexpr double kRemoveRateSpread = 0.5;
constexpr double kMaxTypicalRemoveRate = 0.9;
constexpr double kBuyerPurchaseRate = 0.45;
constexpr double kBrowserPurchaseRate = 0.04;
constexpr double kMaxNightRoot = 0.55;  // night share is the square of a uniform draw up to this
constexpr double kMinFavouriteShare = 0.4;
constexpr double kMaxFavouriteShare = 0.9;

double Clamp(double value, double low, double high) {
  return std::min(std::max(value, low), high);
}

std::int32_t Days(std::uint64_t count) {
  return static_cast<std::int32_t>(count);
}

// Day on which a shopper who is active from `active_from` leaves.
std::int32_t DrawLeaveDay(Shopper& shopper, std::int32_t active_from, double engagement_ratio,
                          bool is_buyer, RandomStream& random) {
  double mean_lifetime =
      kMedianLifetimeDays * std::pow(engagement_ratio, kLifetimeEngagementExponent) *
      (is_buyer ? kBuyerLifetimeFactor : 1.0) * random.LogNormal(1.0, kLifetimeSpread);
  shopper.mean_lifetime_days = static_cast<float>(mean_lifetime);
  return active_from + 1 + static_cast<std::int32_t>(random.Exponential(mean_lifetime));
}

void DrawChurnProcess(Shopper& shopper, double engagement_ratio, bool is_buyer,
                      std::int32_t window_days, RandomStream& random) {
  if (random.Chance(kExistingShopperShare)) {
    shopper.join_day = -1 - static_cast<std::int32_t>(random.Uniform() * kMaxPastTenureDays);
    // Memoryless lifetime: an existing shopper's remaining life starts today.
    shopper.leave_day = DrawLeaveDay(shopper, 0, engagement_ratio, is_buyer, random);
  } else {
    shopper.join_day = static_cast<std::int32_t>(std::sqrt(random.Uniform()) * window_days);
    bool one_time = random.Chance(kOneTimeVisitorShare * (is_buyer ? kBuyerOneTimeFactor : 1.0));
    shopper.leave_day =
        one_time ? shopper.join_day + 1 + Days(random.Below(kOneTimeVisitorMaxDays))
                 : DrawLeaveDay(shopper, shopper.join_day, engagement_ratio, is_buyer, random);
  }
  shopper.fade_days =
      random.Chance(kAbruptLeaverShare) ? 0 : kMinFadeDays + Days(random.Below(kFadeDaysRange));
  if (random.Chance(kBreakShare)) {
    shopper.break_start = Days(random.Below(static_cast<std::uint64_t>(window_days)));
    shopper.break_end = shopper.break_start + kMinBreakDays + Days(random.Below(kBreakDaysRange));
  }
}

void DrawHabits(Shopper& shopper, double engagement_ratio, bool is_buyer, RandomStream& random) {
  double views = random.LogNormal(kMedianViewsPerSession, kViewsPerSessionSpread) *
                 std::pow(engagement_ratio, kViewsEngagementExponent);
  shopper.views_per_session = static_cast<float>(Clamp(views, 1.0, kMaxTypicalViewsPerSession));
  double cart_rate =
      random.LogNormal(is_buyer ? kBuyerCartRate : kBrowserCartRate, kCartRateSpread);
  shopper.cart_rate = static_cast<float>(Clamp(cart_rate, 0.0, kMaxCartRate));
  double remove_rate = random.LogNormal(kMedianRemoveRate, kRemoveRateSpread);
  shopper.remove_rate = static_cast<float>(Clamp(remove_rate, 0.0, kMaxTypicalRemoveRate));
  double purchase_rate = is_buyer ? Clamp(random.LogNormal(kBuyerPurchaseRate, 0.4), 0.05, 0.95)
                                  : Clamp(random.LogNormal(kBrowserPurchaseRate, 0.6), 0.0, 0.2);
  shopper.purchase_rate = static_cast<float>(purchase_rate);
  double night_root = random.Uniform(0.0, kMaxNightRoot);
  shopper.night_share = static_cast<float>(night_root * night_root);
  shopper.favourite_share =
      static_cast<float>(random.Uniform(kMinFavouriteShare, kMaxFavouriteShare));
}

}  // namespace

double Shopper::EngagementOn(std::int32_t day) const {
  if (day < join_day || day >= leave_day || (day >= break_start && day < break_end)) {
    return 0.0;
  }
  std::int32_t days_left = leave_day - day;
  if (fade_days == 0 || days_left > fade_days) {
    return 1.0;
  }
  return std::pow(static_cast<double>(days_left) / fade_days, kFadeCurveExponent);
}

Shopper DrawShopper(std::uint64_t seed, std::uint64_t index, std::int32_t window_days,
                    const Catalog& catalog) {
  RandomStream random(random::MixSeed(seed, kShopperStreamSalt, index));
  Shopper shopper;
  shopper.user_id = kFirstUserId + index * kUserIdStride + random.Below(kUserIdStride);
  double sessions_per_day = Clamp(random.LogNormal(kMedianSessionsPerDay, kSessionsPerDaySpread),
                                  kMinSessionsPerDay, kMaxSessionsPerDay);
  shopper.sessions_per_day = static_cast<float>(sessions_per_day);
  double engagement_ratio = sessions_per_day / kMedianSessionsPerDay;
  double buyer_chance =
      Clamp(kBaseBuyerChance + kBuyerChancePerLogEngagement * std::log(engagement_ratio),
            kMinBuyerChance, kMaxBuyerChance);
  bool is_buyer = random.Chance(buyer_chance);

  DrawChurnProcess(shopper, engagement_ratio, is_buyer, window_days, random);
  DrawHabits(shopper, engagement_ratio, is_buyer, random);
  for (std::uint32_t& category : shopper.favourite_categories) {
    category = catalog.DrawCategory(random);
  }
  return shopper;
}

}  // namespace churn::demo

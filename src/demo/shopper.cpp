#include "demo/shopper.h"

#include <algorithm>
#include <cmath>

#include "demo/catalog.h"

namespace churn::demo {
namespace {

constexpr std::uint64_t kFirstUserId = 500000000;
constexpr std::uint64_t kUserIdStride = 13;

constexpr double kExistingShopperShare = 0.45;  // already customers when the logs start
constexpr double kMaxPastTenureDays = 540;
constexpr double kOneTimeVisitorShare = 0.2;  // new visitors who never come back for long
constexpr double kAbruptLeaverShare = 0.3;
constexpr double kBreakShare = 0.2;  // loyal shoppers who pause for a while

constexpr double kMedianSessionsPerDay = 0.12;
constexpr double kEngagementSpread = 0.9;
constexpr double kMaxSessionsPerDay = 3.0;
constexpr double kMedianLifetimeDays = 160;

double Clamp(double value, double low, double high) {
  return std::min(std::max(value, low), high);
}

// Day on which a shopper who is active from `active_from` leaves.
std::int32_t DrawLeaveDay(std::int32_t active_from, double engagement_ratio, bool is_buyer,
                          RandomStream& random) {
  double mean_lifetime = kMedianLifetimeDays * std::pow(engagement_ratio, 0.4) *
                         (is_buyer ? 1.9 : 1.0) * random.LogNormal(1.0, 0.35);
  return active_from + 1 + static_cast<std::int32_t>(random.Exponential(mean_lifetime));
}

void DrawChurnProcess(Shopper& shopper, double engagement_ratio, bool is_buyer,
                      std::int32_t window_days, RandomStream& random) {
  if (random.Chance(kExistingShopperShare)) {
    shopper.join_day = -1 - static_cast<std::int32_t>(random.Uniform() * kMaxPastTenureDays);
    // Memoryless lifetime: an existing shopper's remaining life starts today.
    shopper.leave_day = DrawLeaveDay(0, engagement_ratio, is_buyer, random);
  } else {
    // Newcomers arrive through the whole window, a little faster as the shop grows.
    shopper.join_day = static_cast<std::int32_t>(std::sqrt(random.Uniform()) * window_days);
    bool one_time = random.Chance(kOneTimeVisitorShare * (is_buyer ? 0.4 : 1.0));
    shopper.leave_day = one_time
                            ? shopper.join_day + 1 + static_cast<std::int32_t>(random.Below(5))
                            : DrawLeaveDay(shopper.join_day, engagement_ratio, is_buyer, random);
  }
  shopper.fade_days =
      random.Chance(kAbruptLeaverShare) ? 0 : 7 + static_cast<std::int32_t>(random.Below(30));
  if (random.Chance(kBreakShare)) {
    shopper.break_start =
        static_cast<std::int32_t>(random.Below(static_cast<std::uint64_t>(window_days)));
    shopper.break_end = shopper.break_start + 10 + static_cast<std::int32_t>(random.Below(35));
  }
}

void DrawHabits(Shopper& shopper, double engagement_ratio, bool is_buyer, RandomStream& random) {
  shopper.views_per_session = static_cast<float>(
      Clamp(random.LogNormal(3.5, 0.5) * std::pow(engagement_ratio, 0.15), 1.0, 40.0));
  shopper.cart_rate =
      static_cast<float>(Clamp(random.LogNormal(is_buyer ? 0.09 : 0.03, 0.5), 0.0, 0.6));
  shopper.remove_rate = static_cast<float>(Clamp(random.LogNormal(0.2, 0.5), 0.0, 0.9));
  shopper.purchase_rate =
      static_cast<float>(is_buyer ? Clamp(random.LogNormal(0.45, 0.4), 0.05, 0.95)
                                  : Clamp(random.LogNormal(0.04, 0.6), 0.0, 0.2));
  double night = random.Uniform(0.0, 0.55);
  shopper.night_share = static_cast<float>(night * night);
  shopper.favourite_share = static_cast<float>(random.Uniform(0.4, 0.9));
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
  return std::pow(static_cast<double>(days_left) / fade_days, 1.3);
}

Shopper DrawShopper(std::uint64_t seed, std::uint64_t index, std::int32_t window_days,
                    const Catalog& catalog) {
  RandomStream random(MixSeed(seed, 0x5ba77e5ULL, index));
  Shopper shopper;
  shopper.user_id = kFirstUserId + index * kUserIdStride + random.Below(kUserIdStride);
  double sessions_per_day =
      Clamp(random.LogNormal(kMedianSessionsPerDay, kEngagementSpread), 0.01, kMaxSessionsPerDay);
  shopper.sessions_per_day = static_cast<float>(sessions_per_day);
  double engagement_ratio = sessions_per_day / kMedianSessionsPerDay;
  double buyer_chance = Clamp(0.25 + 0.12 * std::log(engagement_ratio), 0.05, 0.75);
  bool is_buyer = random.Chance(buyer_chance);

  DrawChurnProcess(shopper, engagement_ratio, is_buyer, window_days, random);
  DrawHabits(shopper, engagement_ratio, is_buyer, random);
  for (std::uint32_t& category : shopper.favourite_categories) {
    category = catalog.DrawCategory(random);
  }
  return shopper;
}

}  // namespace churn::demo

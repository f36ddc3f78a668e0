#include "demo/session_simulator.h"

#include <algorithm>
#include <cmath>

#include "events/event_time.h"

namespace churn::demo {
namespace {

using events::EventType;
using events::kSecondsPerDay;
using events::kSecondsPerHour;

// Share of sessions starting in each UTC hour: a Moscow-time shop, busiest in
// the afternoon and evening.
const std::vector<double> kHourWeights = {0.9, 0.6, 0.4, 0.5, 1.2, 2.2, 3.2, 4.0,
                                          4.6, 5.0, 5.2, 5.3, 5.3, 5.4, 5.6, 5.8,
                                          6.0, 6.0, 5.4, 4.4, 3.2, 2.2, 1.5, 1.1};
constexpr std::uint64_t kNightHours = 6;
constexpr double kWeekendLift = 1.2;
constexpr double kRevisitShare = 0.25;  // a view of the product just seen, again
constexpr int kMaxViewsPerSession = 150;
constexpr std::int64_t kMaxSessionSeconds = 4 * kSecondsPerHour;

// Pauses between the steps of a session: a minimum plus an exponential wait.
constexpr std::int64_t kMinSecondsBetweenViews = 2;
constexpr double kMeanSecondsBetweenViews = 40;
constexpr std::int64_t kMinSecondsToCart = 1;
constexpr double kMeanSecondsToCart = 15;
constexpr std::int64_t kMinSecondsToRemove = 3;
constexpr double kMeanSecondsToRemove = 20;
constexpr std::int64_t kMinSecondsToCheckout = 20;
constexpr double kMeanSecondsToCheckout = 90;

// How fading shows within a session, as engagement falls from 1 to 0:
// shallower browsing, fewer carts, more removals, fewer purchases.
constexpr double kDepthKeptWhenGone = 0.6;
constexpr double kCartRateKeptWhenGone = 0.5;
constexpr double kExtraRemoveRateWhenGone = 0.35;
constexpr double kMaxRemoveRate = 0.95;
constexpr double kPurchaseEngagementExponent = 0.8;

bool IsWeekend(std::int64_t day_start) {
  constexpr std::int64_t kThursday = 3;  // 1970-01-01, counting Monday as 0
  std::int64_t weekday = (day_start / kSecondsPerDay + kThursday) % 7;
  return weekday >= 5;
}

std::int64_t Pause(std::int64_t minimum, double mean, RandomStream& random) {
  return minimum + static_cast<std::int64_t>(random.Exponential(mean));
}

// A shopper's behaviour in one session, given how engaged they still are.
struct SessionMood {
  double mean_views = 1;
  double cart_rate = 0;
  double remove_rate = 0;
  double purchase_rate = 0;
};

SessionMood MoodOf(const Shopper& shopper, double engagement) {
  auto fade = [&](double kept_when_gone) {
    return kept_when_gone + (1.0 - kept_when_gone) * engagement;
  };
  SessionMood mood;
  mood.mean_views = std::max(1.0, shopper.views_per_session * fade(kDepthKeptWhenGone));
  mood.cart_rate = shopper.cart_rate * fade(kCartRateKeptWhenGone);
  mood.remove_rate =
      std::min(kMaxRemoveRate, shopper.remove_rate + kExtraRemoveRateWhenGone * (1.0 - engagement));
  mood.purchase_rate = shopper.purchase_rate * std::pow(engagement, kPurchaseEngagementExponent);
  return mood;
}

}  // namespace

double ExpectedSessions(const Shopper& shopper, std::int64_t day_start, double engagement) {
  return shopper.sessions_per_day * engagement * (IsWeekend(day_start) ? kWeekendLift : 1.0);
}

RandomStream ShopperDayStream(std::uint64_t seed, std::uint64_t shopper_idx, std::int32_t day) {
  constexpr std::uint64_t kDayStreamSalt = 0xda7ULL;
  return RandomStream(
      random::MixSeed(seed ^ kDayStreamSalt, shopper_idx, static_cast<std::uint64_t>(day)));
}

int DrawSessionCount(const ShopperDay& day, RandomStream& random) {
  int sessions = random.Poisson(ExpectedSessions(*day.shopper, day.day_start, day.engagement));
  // Joining the shop means visiting it.
  return day.joins_today ? std::max(sessions, 1) : sessions;
}

SessionSimulator::SessionSimulator(const Catalog& catalog)
    : catalog_(catalog), hour_of_day_(kHourWeights) {}

void SessionSimulator::SimulateDay(const ShopperDay& day, RandomStream& random,
                                   std::vector<DemoEvent>* out) {
  int sessions = DrawSessionCount(day, random);
  for (int session_idx = 0; session_idx < sessions; ++session_idx) {
    SimulateSession(day, DrawSessionStart(*day.shopper, day.day_start, random), random, out);
  }
}

std::int64_t SessionSimulator::DrawSessionStart(const Shopper& shopper, std::int64_t day_start,
                                                RandomStream& random) const {
  std::uint64_t hour =
      random.Chance(shopper.night_share) ? random.Below(kNightHours) : hour_of_day_.Draw(random);
  return day_start + static_cast<std::int64_t>(hour) * kSecondsPerHour +
         static_cast<std::int64_t>(random.Below(kSecondsPerHour));
}

std::uint32_t SessionSimulator::PickProduct(const Shopper& shopper, RandomStream& random) const {
  std::uint32_t category =
      random.Chance(shopper.favourite_share)
          ? shopper.favourite_categories[random.Below(shopper.favourite_categories.size())]
          : catalog_.DrawCategory(random);
  return catalog_.DrawProduct(category, random);
}

void SessionSimulator::SimulateSession(const ShopperDay& day, std::int64_t start,
                                       RandomStream& random, std::vector<DemoEvent>* out) {
  const Shopper& shopper = *day.shopper;
  SessionMood mood = MoodOf(shopper, day.engagement);
  // Views follow a geometric law: most sessions are short, a few are long.
  int views = std::min(kMaxViewsPerSession, 1 + random.Geometric(1.0 / mood.mean_views));

  DemoEvent event;
  event.shopper = day.shopper_idx;
  event.session = events::SessionUuid::FromRandomBits(random.NextBits(), random.NextBits());
  event.time = start;
  auto emit = [&](EventType type, std::uint32_t product) {
    event.type = type;
    event.product = product;
    out->push_back(event);
  };

  cart_.clear();
  std::uint32_t product = PickProduct(shopper, random);
  for (int view_idx = 0; view_idx < views && event.time - start < kMaxSessionSeconds; ++view_idx) {
    if (view_idx > 0) {
      event.time += Pause(kMinSecondsBetweenViews, kMeanSecondsBetweenViews, random);
      if (!random.Chance(kRevisitShare)) {
        product = PickProduct(shopper, random);
      }
    }
    emit(EventType::kView, product);
    if (random.Chance(mood.cart_rate)) {
      event.time += Pause(kMinSecondsToCart, kMeanSecondsToCart, random);
      emit(EventType::kCart, product);
      cart_.push_back(product);
    }
  }
  std::size_t kept = 0;
  for (std::uint32_t carted : cart_) {
    if (random.Chance(mood.remove_rate)) {
      event.time += Pause(kMinSecondsToRemove, kMeanSecondsToRemove, random);
      emit(EventType::kRemoveFromCart, carted);
    } else {
      cart_[kept++] = carted;
    }
  }
  cart_.resize(kept);
  if (!cart_.empty() && random.Chance(mood.purchase_rate)) {
    event.time += Pause(kMinSecondsToCheckout, kMeanSecondsToCheckout, random);
    for (std::uint32_t carted : cart_) {
      emit(EventType::kPurchase, carted);  // one row per product, as in the real logs
    }
  }
}

}  // namespace churn::demo

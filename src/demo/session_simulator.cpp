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
constexpr double kMeanSecondsBetweenViews = 40;
constexpr int kMaxViewsPerSession = 150;
constexpr std::int64_t kMaxSessionSeconds = 4 * kSecondsPerHour;

bool IsWeekend(std::int64_t day_start) {
  constexpr std::int64_t kThursday = 3;  // 1970-01-01, counting Monday as 0
  std::int64_t weekday = (day_start / kSecondsPerDay + kThursday) % 7;
  return weekday >= 5;
}

std::int64_t Seconds(double value) {
  return static_cast<std::int64_t>(value);
}

}  // namespace

SessionSimulator::SessionSimulator(const Catalog& catalog)
    : catalog_(catalog), hour_of_day_(kHourWeights) {}

void SessionSimulator::SimulateDay(const ShopperDay& day, RandomStream& random,
                                   std::vector<DemoEvent>* out) {
  double rate = day.shopper->sessions_per_day * day.engagement *
                (IsWeekend(day.day_start) ? kWeekendLift : 1.0);
  int sessions = random.Poisson(rate);
  if (day.joins_today) {
    sessions = std::max(sessions, 1);  // joining the shop means visiting it
  }
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
  std::uint32_t category = random.Chance(shopper.favourite_share)
                               ? shopper.favourite_categories[random.Below(3)]
                               : catalog_.DrawCategory(random);
  return catalog_.DrawProduct(category, random);
}

void SessionSimulator::SimulateSession(const ShopperDay& day, std::int64_t start,
                                       RandomStream& random, std::vector<DemoEvent>* out) {
  const Shopper& shopper = *day.shopper;
  double engagement = day.engagement;
  double depth = shopper.views_per_session * (0.6 + 0.4 * engagement);
  double cart_rate = shopper.cart_rate * (0.5 + 0.5 * engagement);
  double remove_rate = std::min(0.95, shopper.remove_rate + 0.35 * (1.0 - engagement));
  double purchase_rate = shopper.purchase_rate * std::pow(engagement, 0.8);
  int views = std::min(kMaxViewsPerSession, 1 + random.Geometric(1.0 / depth));

  DemoEvent event;
  event.shopper = day.shopper_idx;
  event.session = events::SessionUuid::FromRandomBits(random.NextBits(), random.NextBits());
  event.time = start;
  cart_.clear();
  auto emit = [&](EventType type, std::uint32_t product) {
    event.type = type;
    event.product = product;
    out->push_back(event);
  };

  std::uint32_t product = PickProduct(shopper, random);
  for (int view_idx = 0; view_idx < views && event.time - start < kMaxSessionSeconds; ++view_idx) {
    if (view_idx > 0) {
      event.time += 2 + Seconds(random.Exponential(kMeanSecondsBetweenViews));
      if (!random.Chance(kRevisitShare)) {
        product = PickProduct(shopper, random);
      }
    }
    emit(EventType::kView, product);
    if (random.Chance(cart_rate)) {
      event.time += 1 + Seconds(random.Exponential(15));
      emit(EventType::kCart, product);
      cart_.push_back(product);
    }
  }
  std::size_t kept = 0;
  for (std::uint32_t carted : cart_) {
    if (random.Chance(remove_rate)) {
      event.time += 3 + Seconds(random.Exponential(20));
      emit(EventType::kRemoveFromCart, carted);
    } else {
      cart_[kept++] = carted;
    }
  }
  cart_.resize(kept);
  if (!cart_.empty() && random.Chance(purchase_rate)) {
    event.time += 20 + Seconds(random.Exponential(90));
    for (std::uint32_t carted : cart_) {
      emit(EventType::kPurchase, carted);
    }
  }
}

}  // namespace churn::demo

#include "demo/session_simulator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "events/event_time.h"

namespace churn::demo {
namespace {

using events::EventType;

constexpr std::int64_t kDayStart = 1569888000;  // 2019-10-01 00:00:00 UTC

Shopper BusyBuyer() {
  Shopper shopper;
  shopper.sessions_per_day = 3.0F;
  shopper.views_per_session = 6.0F;
  shopper.cart_rate = 0.3F;
  shopper.remove_rate = 0.2F;
  shopper.purchase_rate = 0.9F;
  shopper.favourite_share = 0.5F;
  return shopper;
}

std::vector<DemoEvent> SimulateDays(const Shopper& shopper, double engagement, int days) {
  Catalog catalog(1);
  SessionSimulator simulator(catalog);
  std::vector<DemoEvent> events;
  for (int day_idx = 0; day_idx < days; ++day_idx) {
    RandomStream random(random::MixSeed(9, static_cast<std::uint64_t>(day_idx)));
    ShopperDay day{&shopper, 7, kDayStart + day_idx * events::kSecondsPerDay, engagement, false};
    simulator.SimulateDay(day, random, &events);
  }
  return events;
}

std::int64_t Count(const std::vector<DemoEvent>& events, EventType type) {
  return std::count_if(events.begin(), events.end(),
                       [&](const DemoEvent& event) { return event.type == type; });
}

TEST(SessionSimulatorTest, SessionsRunForwardInTimeAndFollowTheFunnel) {
  std::vector<DemoEvent> events = SimulateDays(BusyBuyer(), 1.0, 30);
  ASSERT_GT(events.size(), 200U);
  for (std::size_t event_idx = 1; event_idx < events.size(); ++event_idx) {
    const DemoEvent& previous = events[event_idx - 1];
    const DemoEvent& event = events[event_idx];
    if (previous.session.high == event.session.high && previous.session.low == event.session.low) {
      EXPECT_GE(event.time, previous.time) << "within a session, time runs forward";
    }
    EXPECT_EQ(event.shopper, 7U);
  }
  EXPECT_GT(Count(events, EventType::kView), Count(events, EventType::kCart));
  EXPECT_GT(Count(events, EventType::kCart), 0);
  EXPECT_GT(Count(events, EventType::kPurchase), 0);
  EXPECT_GT(Count(events, EventType::kRemoveFromCart), 0);
}

TEST(SessionSimulatorTest, AFadingShopperVisitsLessAndBuysLessButStillVisits) {
  std::vector<DemoEvent> loyal = SimulateDays(BusyBuyer(), 1.0, 60);
  std::vector<DemoEvent> fading = SimulateDays(BusyBuyer(), 0.2, 60);
  EXPECT_LT(fading.size(), loyal.size() / 3);
  EXPECT_GT(fading.size(), 0U);
  double loyal_purchase_share =
      static_cast<double>(Count(loyal, EventType::kPurchase)) / static_cast<double>(loyal.size());
  double fading_purchase_share =
      static_cast<double>(Count(fading, EventType::kPurchase)) / static_cast<double>(fading.size());
  EXPECT_LT(fading_purchase_share, loyal_purchase_share);
}

TEST(SessionSimulatorTest, AShallowFadingShopperStillBrowses) {
  Shopper shallow = BusyBuyer();
  shallow.views_per_session = 1.0F;  // fading would push the mean depth below one view
  std::vector<DemoEvent> events = SimulateDays(shallow, 0.05, 200);
  EXPECT_GT(Count(events, EventType::kView), 0);
}

TEST(SessionSimulatorTest, JoiningMeansAtLeastOneVisit) {
  Shopper rare = BusyBuyer();
  rare.sessions_per_day = 0.0001F;
  Catalog catalog(1);
  SessionSimulator simulator(catalog);
  std::vector<DemoEvent> events;
  RandomStream random(4);
  simulator.SimulateDay(ShopperDay{&rare, 0, kDayStart, 1.0, true}, random, &events);
  EXPECT_GE(events.size(), 1U);
  EXPECT_GE(events.front().time, kDayStart);
}

}  // namespace
}  // namespace churn::demo

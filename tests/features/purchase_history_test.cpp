#include "features/purchase_history.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "events/event_type.h"
#include "features/log_event.h"

namespace churn::features {
namespace {

using events::EventType;

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr Day kFirstDay = 18000;  // 2019-04-13

LogEvent EventOn(Day day, EventType type, std::int64_t amount_cents, std::int64_t second = 3600) {
  LogEvent event;
  event.time = day * kSecondsPerDay + second;
  event.type = type;
  event.user_id = "7";
  event.session_key = static_cast<std::uint64_t>(day);
  event.product_key = 11;
  event.amount_cents = amount_cents;
  return event;
}

// Purchases on days 0 (twice), 3 and 10; views on day 12; a cutoff on day 14.
UserHistory Shopper() {
  UserHistory history("7");
  history.Add(EventOn(kFirstDay + 10, EventType::kPurchase, 3000));
  history.Add(EventOn(kFirstDay, EventType::kPurchase, 1000));
  history.Add(EventOn(kFirstDay, EventType::kPurchase, 500, 7200));
  history.Add(EventOn(kFirstDay + 3, EventType::kPurchase, 2000));
  history.Add(EventOn(kFirstDay + 12, EventType::kView, 0));
  history.Finish();
  return history;
}

TEST(PurchaseHistoryTest, DaysWithAPurchaseAfterTheFirstAreTheRepeatPurchases) {
  PurchaseHistory summary = SummarizePurchases(Shopper(), kFirstDay, kFirstDay + 14);
  EXPECT_TRUE(summary.IsCustomer());
  EXPECT_EQ(summary.frequency, 2);  // days 3 and 10; day 0's second purchase is the same period
  EXPECT_EQ(summary.recency, 10);
  EXPECT_EQ(summary.age, 14);
  EXPECT_DOUBLE_EQ(summary.monetary, (20.0 + 30.0) / 2);  // the first day's spend is left out
}

TEST(PurchaseHistoryTest, OnlyDaysInTheWindowCount) {
  // The cutoff before day 10: its purchase is in the future.
  PurchaseHistory before = SummarizePurchases(Shopper(), kFirstDay, kFirstDay + 10);
  EXPECT_EQ(before.frequency, 1);
  EXPECT_EQ(before.recency, 3);
  EXPECT_EQ(before.age, 10);
  EXPECT_DOUBLE_EQ(before.monetary, 20.0);
  // A window that starts on day 1: day 3 is the first purchase.
  PurchaseHistory windowed = SummarizePurchases(Shopper(), kFirstDay + 1, kFirstDay + 14);
  EXPECT_EQ(windowed.frequency, 1);
  EXPECT_EQ(windowed.recency, 7);
  EXPECT_EQ(windowed.age, 11);
  EXPECT_DOUBLE_EQ(windowed.monetary, 30.0);
}

TEST(PurchaseHistoryTest, AOneTimeBuyerHasNoRepeatPurchaseAndAVisitorIsNoCustomer) {
  PurchaseHistory once = SummarizePurchases(Shopper(), kFirstDay, kFirstDay + 3);
  EXPECT_TRUE(once.IsCustomer());
  EXPECT_EQ(once.frequency, 0);
  EXPECT_EQ(once.recency, 0);
  EXPECT_EQ(once.age, 3);
  EXPECT_EQ(once.monetary, 0);

  UserHistory visitor("8");
  visitor.Add(EventOn(kFirstDay, EventType::kView, 0));
  visitor.Add(EventOn(kFirstDay + 1, EventType::kCart, 0));
  visitor.Finish();
  PurchaseHistory none = SummarizePurchases(visitor, kFirstDay, kFirstDay + 5);
  EXPECT_FALSE(none.IsCustomer());
  EXPECT_EQ(none.frequency, 0);
  EXPECT_EQ(none.age, 0);
  EXPECT_FALSE(SummarizePurchases(Shopper(), kFirstDay, kFirstDay).IsCustomer());
}

}  // namespace
}  // namespace churn::features

#include "value/customer_value.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "errors/error.h"

namespace churn::value {
namespace {

// Day-scale parameters like the benchmark's.
constexpr ValueParameters kDayParameters{.bgnbd = {.r = 0.25, .alpha = 10, .a = 0.8, .b = 2.5},
                                         .gamma_gamma = {.p = 6, .q = 4, .v = 15}};

constexpr PurchaseHistory kRepeatBuyer{.frequency = 3, .recency = 60, .age = 100, .monetary = 40};
constexpr PurchaseHistory kOneTimer{.frequency = 0, .recency = 0, .age = 45, .monetary = 0};

// Expected values computed independently (Python with mpmath's hyp2f1 at 30
// digits, the closed forms and the monthly sum written out).
TEST(CustomerValueTest, OneMonthMatchesHandCheckedValues) {
  CustomerValue plain =
      ValueCustomer(kDayParameters, kRepeatBuyer, {.days = 30, .monthly_discount_rate = 0});
  EXPECT_NEAR(plain.p_alive, 0.56421079891470644, 1e-12);
  EXPECT_NEAR(plain.expected_purchases, 0.46708663842878275, 1e-10);
  EXPECT_NEAR(plain.expected_spend, 38.571428571428571, 1e-10);
  EXPECT_NEAR(plain.expected_value, 18.016198910824477, 1e-8);
  CustomerValue discounted =
      ValueCustomer(kDayParameters, kRepeatBuyer, {.days = 30, .monthly_discount_rate = 0.01});
  EXPECT_NEAR(discounted.expected_value, 17.837820703786611, 1e-8) << "one month's discount";
  EXPECT_DOUBLE_EQ(discounted.expected_purchases, plain.expected_purchases);
}

// 75 days: months ending at 30, 60 and 75 days, discounted by 1.01, 1.01^2
// and 1.01^3.
TEST(CustomerValueTest, SeveralMonthsMatchHandCheckedValues) {
  CustomerValue plain =
      ValueCustomer(kDayParameters, kRepeatBuyer, {.days = 75, .monthly_discount_rate = 0});
  EXPECT_NEAR(plain.expected_purchases, 1.0704465956794866, 1e-10);
  EXPECT_NEAR(plain.expected_value, 41.288654404780196, 1e-8);
  CustomerValue discounted =
      ValueCustomer(kDayParameters, kRepeatBuyer, {.days = 75, .monthly_discount_rate = 0.01});
  EXPECT_NEAR(discounted.expected_value, 40.580441792385587, 1e-8);
  CustomerValue one_timer =
      ValueCustomer(kDayParameters, kOneTimer, {.days = 75, .monthly_discount_rate = 0.01});
  EXPECT_DOUBLE_EQ(one_timer.p_alive, 1.0) << "no repeat purchase, no dropout";
  EXPECT_NEAR(one_timer.expected_purchases, 0.29001308625531065, 1e-10);
  EXPECT_NEAR(one_timer.expected_spend, 30.0, 1e-10) << "the population mean p v / (q - 1)";
  EXPECT_NEAR(one_timer.expected_value, 8.5511765356522762, 1e-8);
}

TEST(CustomerValueTest, ANonCustomerHasNoValue) {
  PurchaseHistory never{.frequency = 0, .recency = 0, .age = 0, .monetary = 0};
  std::vector<PurchaseHistory> histories{never, kRepeatBuyer};
  std::vector<CustomerValue> values = ValueCustomers(kDayParameters, histories, {}, 1);
  ASSERT_EQ(values.size(), 2U);
  EXPECT_TRUE(std::isnan(values[0].p_alive));
  EXPECT_EQ(values[0].expected_purchases, 0.0);
  EXPECT_EQ(values[0].expected_spend, 0.0);
  EXPECT_EQ(values[0].expected_value, 0.0);
  EXPECT_TRUE(std::isnan(ValueCustomer(kDayParameters, never, {}).p_alive));
  EXPECT_GT(values[1].expected_value, 0.0);
}

TEST(CustomerValueTest, ABadHorizonIsAnError) {
  EXPECT_THROW(ValueCustomer(kDayParameters, kRepeatBuyer, {.days = -1}), InputError);
  EXPECT_THROW(ValueCustomers(kDayParameters, {}, {.days = 90, .monthly_discount_rate = -1}, 1),
               InputError);
}

// Many customers sharing (frequency, age) with their own recency and spend,
// and some who are no customers, in days.
std::vector<PurchaseHistory> SharedPairHistories(int count) {
  std::mt19937_64 random(5);
  std::uniform_int_distribution<int> age(0, 60);
  std::uniform_int_distribution<int> frequency(0, 6);
  std::uniform_real_distribution<double> share(0, 1);
  std::vector<PurchaseHistory> histories;
  for (int customer = 0; customer < count; ++customer) {
    PurchaseHistory history{.age = static_cast<double>(age(random))};
    history.frequency = history.age > 0 ? frequency(random) : 0;
    if (history.frequency > 0) {
      history.recency = std::floor(share(random) * history.age);
      history.monetary = 10 + 50 * share(random);
    }
    histories.push_back(history);
  }
  return histories;
}

void ExpectSameBits(const CustomerValue& left, const CustomerValue& right) {
  EXPECT_EQ(std::isnan(left.p_alive), std::isnan(right.p_alive));
  if (!std::isnan(left.p_alive)) {
    EXPECT_EQ(left.p_alive, right.p_alive);
  }
  EXPECT_EQ(left.expected_purchases, right.expected_purchases);
  EXPECT_EQ(left.expected_spend, right.expected_spend);
  EXPECT_EQ(left.expected_value, right.expected_value);
}

TEST(CustomerValueTest, GroupingGivesTheBitsOfEachCustomerAlone) {
  std::vector<PurchaseHistory> histories = SharedPairHistories(3000);
  ValueHorizon horizon{.days = 100, .monthly_discount_rate = 0.02};
  std::vector<CustomerValue> grouped = ValueCustomers(kDayParameters, histories, horizon, 1);
  ASSERT_EQ(grouped.size(), histories.size());
  for (std::size_t history_idx = 0; history_idx < histories.size(); ++history_idx) {
    ExpectSameBits(grouped[history_idx],
                   ValueCustomer(kDayParameters, histories[history_idx], horizon));
  }
}

TEST(CustomerValueTest, TwoThreadsGiveTheBitsOfOne) {
  std::vector<PurchaseHistory> histories = SharedPairHistories(3001);
  ValueHorizon horizon{.days = 90, .monthly_discount_rate = 0.01};
  std::vector<CustomerValue> one = ValueCustomers(kDayParameters, histories, horizon, 1);
  std::vector<CustomerValue> two = ValueCustomers(kDayParameters, histories, horizon, 2);
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t history_idx = 0; history_idx < one.size(); ++history_idx) {
    ExpectSameBits(one[history_idx], two[history_idx]);
  }
}

}  // namespace
}  // namespace churn::value

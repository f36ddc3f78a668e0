#include "features/customer_base.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "errors/error.h"

namespace churn::features {
namespace {

using GroupFields = std::tuple<double, double, double, std::int64_t>;
using SpendFields = std::tuple<double, double>;

std::vector<GroupFields> GroupsOf(const CustomerBase& base) {
  std::vector<GroupFields> groups;
  for (const CustomerGroup& group : base.groups()) {
    groups.emplace_back(group.frequency, group.recency, group.age, group.customers);
  }
  return groups;
}

std::vector<SpendFields> SpendsOf(const CustomerBase& base) {
  std::vector<SpendFields> spends;
  for (const RepeatSpend& spend : base.repeat_spends()) {
    spends.emplace_back(spend.frequency, spend.monetary);
  }
  return spends;
}

TEST(CustomerBaseTest, CustomersWithTheSameHistoryShareAGroup) {
  CustomerBase base;
  base.Add({.frequency = 2, .recency = 10, .age = 30, .monetary = 5});
  base.Add({.frequency = 0, .recency = 0, .age = 30, .monetary = 0});
  base.Add({.frequency = 2, .recency = 10, .age = 30, .monetary = 7});  // same group, own spend
  base.Add({.frequency = 2, .recency = 11, .age = 30, .monetary = 7});
  base.Finish();
  EXPECT_THAT(GroupsOf(base),
              ::testing::ElementsAre(GroupFields{0, 0, 30, 1}, GroupFields{2, 10, 30, 2},
                                     GroupFields{2, 11, 30, 1}));
  EXPECT_EQ(base.customers(), 4);
  EXPECT_EQ(base.repeat_customers(), 3);
}

TEST(CustomerBaseTest, NoPurchaseIsNoCustomer) {
  CustomerBase base;
  base.Add({.frequency = 0, .recency = 0, .age = 0, .monetary = 0});
  base.Add({.frequency = 0, .recency = 0, .age = 12, .monetary = 0});
  base.Finish();
  EXPECT_EQ(base.customers(), 1);
  EXPECT_THAT(GroupsOf(base), ::testing::ElementsAre(GroupFields{0, 0, 12, 1}));
}

TEST(CustomerBaseTest, OnlyRepeatPurchasesOfPositiveValueAreSpends) {
  CustomerBase base;
  base.Add({.frequency = 0, .recency = 0, .age = 20, .monetary = 0});
  base.Add({.frequency = 3, .recency = 15, .age = 20, .monetary = 0});  // cancelled it all
  base.Add({.frequency = 1, .recency = 5, .age = 20, .monetary = -4});  // refunds exceed
  base.Add({.frequency = 2, .recency = 8, .age = 20, .monetary = 12.5});
  base.Finish();
  EXPECT_THAT(SpendsOf(base), ::testing::ElementsAre(SpendFields{2, 12.5}));
  EXPECT_EQ(base.repeat_customers(), 3) << "every frequency > 0, whatever the spend";
}

// Histories in whole days with many repeats of a few values.
std::vector<PurchaseHistory> SomeHistories(int count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> small(0, 4);
  std::vector<PurchaseHistory> histories;
  for (int customer = 0; customer < count; ++customer) {
    PurchaseHistory history{.age = static_cast<double>(small(random))};
    history.frequency = small(random);
    history.recency = std::min(history.age, static_cast<double>(small(random)));
    history.monetary = history.frequency > 0 ? small(random) * 2.5 : 0;
    histories.push_back(history);
  }
  return histories;
}

CustomerBase Finished(const std::vector<PurchaseHistory>& histories) {
  CustomerBase base;
  for (const PurchaseHistory& history : histories) {
    base.Add(history);
  }
  base.Finish();
  return base;
}

TEST(CustomerBaseTest, MergingPartsEqualsAddingAll) {
  std::vector<PurchaseHistory> histories = SomeHistories(400, 3);
  CustomerBase whole = Finished(histories);
  CustomerBase first;
  CustomerBase second;
  for (std::size_t history_idx = 0; history_idx < histories.size(); ++history_idx) {
    (history_idx % 3 == 0 ? first : second).Add(histories[history_idx]);
  }
  first.Merge(second);
  first.Finish();
  EXPECT_EQ(GroupsOf(first), GroupsOf(whole));
  EXPECT_EQ(SpendsOf(first), SpendsOf(whole));
  EXPECT_EQ(first.customers(), whole.customers());
  EXPECT_EQ(first.repeat_customers(), whole.repeat_customers());
  EXPECT_GT(whole.groups().size(), 10U);
}

// What the workers of a distributed run send each other: each part's bytes,
// read back and merged, make the base of every customer.
TEST(CustomerBaseTest, PartsSentAsBytesMergeIntoTheWhole) {
  std::vector<PurchaseHistory> histories = SomeHistories(400, 5);
  CustomerBase whole = Finished(histories);
  std::vector<CustomerBase> parts(3);
  for (std::size_t history_idx = 0; history_idx < histories.size(); ++history_idx) {
    parts[history_idx % 3].Add(histories[history_idx]);
  }
  parts[1].Finish();  // a finished part travels as well as an open one
  CustomerBase merged;
  for (const CustomerBase& part : parts) {
    merged.Merge(CustomerBase::FromBytes(part.ToBytes()));
  }
  merged.Finish();
  EXPECT_EQ(GroupsOf(merged), GroupsOf(whole));
  EXPECT_EQ(SpendsOf(merged), SpendsOf(whole));
  EXPECT_EQ(merged.customers(), whole.customers());
  EXPECT_EQ(merged.repeat_customers(), whole.repeat_customers());
}

TEST(CustomerBaseTest, BytesCutShortOrRunningOnAreRefused) {
  std::string bytes = Finished(SomeHistories(50, 6)).ToBytes();
  EXPECT_THROW(CustomerBase::FromBytes(std::string_view(bytes).substr(0, bytes.size() - 1)),
               InternalError);
  EXPECT_THROW(CustomerBase::FromBytes(bytes + "x"), InternalError);
  EXPECT_THROW(CustomerBase::FromBytes(""), InternalError);
  EXPECT_EQ(CustomerBase::FromBytes(CustomerBase().ToBytes()).customers(), 0);
}

TEST(CustomerBaseTest, FinishOrdersWhateverTheInputOrder) {
  std::vector<PurchaseHistory> histories = SomeHistories(400, 9);
  CustomerBase forward = Finished(histories);
  std::shuffle(histories.begin(), histories.end(), std::mt19937_64(1));
  CustomerBase shuffled = Finished(histories);
  EXPECT_EQ(GroupsOf(shuffled), GroupsOf(forward));
  EXPECT_EQ(SpendsOf(shuffled), SpendsOf(forward));
  std::vector<GroupFields> groups = GroupsOf(forward);
  EXPECT_TRUE(std::is_sorted(groups.begin(), groups.end()));
  std::vector<SpendFields> spends = SpendsOf(forward);
  EXPECT_TRUE(std::is_sorted(spends.begin(), spends.end()));
}

}  // namespace
}  // namespace churn::features

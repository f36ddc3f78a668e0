#pragma once
// ExpectSameHistory: two user histories hold exactly the same summary, every
// field of every day, session slice and first-seen item compared, for the
// tests of the codec and the partitions that spill.

#include <gtest/gtest.h>

#include <cstddef>

#include "features/user_history.h"

namespace churn::features {

inline void ExpectSameDay(const DayActivity& actual, const DayActivity& expected) {
  EXPECT_EQ(actual.day, expected.day);
  EXPECT_EQ(actual.views, expected.views);
  EXPECT_EQ(actual.carts, expected.carts);
  EXPECT_EQ(actual.removes, expected.removes);
  EXPECT_EQ(actual.purchases, expected.purchases);
  EXPECT_EQ(actual.night_events, expected.night_events);
  EXPECT_EQ(actual.first_second, expected.first_second);
  EXPECT_EQ(actual.last_second, expected.last_second);
  EXPECT_EQ(actual.last_purchase_second, expected.last_purchase_second);
  EXPECT_EQ(actual.last_cart_second, expected.last_cart_second);
  EXPECT_EQ(actual.spend_cents, expected.spend_cents);
  EXPECT_EQ(actual.viewed_price_cents, expected.viewed_price_cents);
}

inline void ExpectSameSlice(const SessionSlice& actual, const SessionSlice& expected) {
  EXPECT_EQ(actual.session_key, expected.session_key);
  EXPECT_EQ(actual.day, expected.day);
  EXPECT_EQ(actual.first_second, expected.first_second);
  EXPECT_EQ(actual.last_second, expected.last_second);
  EXPECT_EQ(actual.events, expected.events);
}

// Both histories Finish()ed.
inline void ExpectSameHistory(const UserHistory& actual, const UserHistory& expected) {
  SCOPED_TRACE("user " + expected.user_id());
  EXPECT_EQ(actual.user_id(), expected.user_id());
  ASSERT_EQ(actual.days().size(), expected.days().size());
  for (std::size_t day_idx = 0; day_idx < expected.days().size(); ++day_idx) {
    SCOPED_TRACE("day " + std::to_string(day_idx));
    ExpectSameDay(actual.days()[day_idx], expected.days()[day_idx]);
  }
  ASSERT_EQ(actual.sessions().size(), expected.sessions().size());
  for (std::size_t slice_idx = 0; slice_idx < expected.sessions().size(); ++slice_idx) {
    SCOPED_TRACE("session slice " + std::to_string(slice_idx));
    ExpectSameSlice(actual.sessions()[slice_idx], expected.sessions()[slice_idx]);
  }
  for (ItemKind kind : {ItemKind::kProduct, ItemKind::kCategory, ItemKind::kBrand}) {
    SCOPED_TRACE("item kind " + std::to_string(static_cast<int>(kind)));
    std::span<const FirstSeen> actual_seen = actual.Seen(kind);
    std::span<const FirstSeen> expected_seen = expected.Seen(kind);
    ASSERT_EQ(actual_seen.size(), expected_seen.size());
    for (std::size_t item_idx = 0; item_idx < expected_seen.size(); ++item_idx) {
      EXPECT_EQ(actual_seen[item_idx].bits, expected_seen[item_idx].bits) << "item " << item_idx;
    }
  }
}

}  // namespace churn::features

#include "events/event_type.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

TEST(EventTypeTest, NamesRoundTrip) {
  for (int type_idx = 0; type_idx < kEventTypeCount; ++type_idx) {
    auto type = static_cast<EventType>(type_idx);
    EXPECT_EQ(ParseEventType(EventTypeName(type)), type);
  }
  EXPECT_EQ(EventTypeName(EventType::kRemoveFromCart), "remove_from_cart");
}

TEST(EventTypeTest, UnknownNamesAreRejected) {
  EXPECT_EQ(ParseEventType("View"), std::nullopt);
  EXPECT_EQ(ParseEventType(""), std::nullopt);
  EXPECT_EQ(ParseEventType("purchases"), std::nullopt);
}

}  // namespace
}  // namespace churn::events

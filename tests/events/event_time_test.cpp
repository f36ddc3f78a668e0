#include "events/event_time.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

TEST(EventTimeTest, WritesTheRees46Form) {
  std::string text;
  AppendEventTime(1569888005, &text);  // 2019-10-01 00:00:05 UTC
  EXPECT_EQ(text, "2019-10-01 00:00:05 UTC");
  text.clear();
  AppendEventTime(DayStart(2020, 2, 29) + 23 * kSecondsPerHour + 59 * 60 + 59, &text);
  EXPECT_EQ(text, "2020-02-29 23:59:59 UTC");
}

TEST(EventTimeTest, ParsesWithAndWithoutTheUtcSuffix) {
  EXPECT_EQ(ParseEventTime("2019-10-01 00:00:05 UTC"), 1569888005);
  EXPECT_EQ(ParseEventTime("2019-10-01 00:00:05"), 1569888005);
  EXPECT_EQ(ParseEventTime("1970-01-01 00:00:00 UTC"), 0);
}

TEST(EventTimeTest, RejectsMalformedAndImpossibleTimes) {
  EXPECT_EQ(ParseEventTime(""), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-10-01"), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-10-01T00:00:05Z"), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-02-30 00:00:00 UTC"), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-10-01 24:00:00 UTC"), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-10-01 00:60:00 UTC"), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-1a-01 00:00:00 UTC"), std::nullopt);
  EXPECT_EQ(ParseEventTime("2019-10-01 00:00:05 CET"), std::nullopt);
}

TEST(EventTimeTest, RoundTripsEverySecondOfADayAcrossAMonthEnd) {
  std::int64_t start = DayStart(2019, 12, 31);
  for (std::int64_t time = start; time < start + 2 * kSecondsPerDay; time += 997) {
    std::string text;
    AppendEventTime(time, &text);
    EXPECT_EQ(ParseEventTime(text), time) << text;
  }
}

}  // namespace
}  // namespace churn::events

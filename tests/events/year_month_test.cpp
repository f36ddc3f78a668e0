#include "events/year_month.h"

#include <gtest/gtest.h>

#include "events/event_time.h"

namespace churn::events {
namespace {

TEST(YearMonthTest, ParsesNamesAndNumbers) {
  EXPECT_EQ(YearMonth::Parse("2019-Oct"), YearMonth(2019, 10));
  EXPECT_EQ(YearMonth::Parse("2019-oct"), YearMonth(2019, 10));
  EXPECT_EQ(YearMonth::Parse("2020-01"), YearMonth(2020, 1));
  EXPECT_EQ(YearMonth::Parse("2020-13"), std::nullopt);
  EXPECT_EQ(YearMonth::Parse("2020-1"), std::nullopt);
  EXPECT_EQ(YearMonth::Parse("2020-Octo"), std::nullopt);
  EXPECT_EQ(YearMonth::Parse("20-10"), std::nullopt);
}

TEST(YearMonthTest, StepsAcrossYearEnds) {
  EXPECT_EQ(YearMonth(2019, 12).Next(), YearMonth(2020, 1));
  EXPECT_EQ(YearMonth(2019, 10).Plus(4), YearMonth(2020, 2));
  EXPECT_LT(YearMonth(2019, 12), YearMonth(2020, 1));
}

TEST(YearMonthTest, KnowsItsDaysAndSeconds) {
  EXPECT_EQ(YearMonth(2020, 2).DaysInMonth(), 29);
  EXPECT_EQ(YearMonth(2019, 2).DaysInMonth(), 28);
  EXPECT_EQ(YearMonth(2019, 10).DaysInMonth(), 31);
  EXPECT_EQ(YearMonth(2019, 10).FirstSecond(), 1569888000);
  EXPECT_EQ(YearMonth(2019, 10).EndSecond() - YearMonth(2019, 10).FirstSecond(),
            31 * kSecondsPerDay);
}

TEST(YearMonthTest, KnowsTheMonthOfATime) {
  EXPECT_EQ(YearMonth::Of(1569888000), YearMonth(2019, 10));     // 2019-10-01 00:00:00
  EXPECT_EQ(YearMonth::Of(1569888000 - 1), YearMonth(2019, 9));  // a second before
  EXPECT_EQ(YearMonth::Of(0), YearMonth(1970, 1));
  EXPECT_EQ(YearMonth::Of(-1), YearMonth(1969, 12));
}

TEST(YearMonthTest, FormatsForFilesAndReports) {
  EXPECT_EQ(YearMonth(2019, 10).FileStem(), "2019-Oct");
  EXPECT_EQ(YearMonth(2020, 1).ToIsoString(), "2020-01");
}

}  // namespace
}  // namespace churn::events

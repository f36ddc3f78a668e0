#include "features/user_history.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "events/event_time.h"
#include "features/log_times.h"

namespace churn::features {
namespace {

using events::EventType;

LogEvent ProductEvent(std::int64_t time, EventType type, std::uint64_t session,
                      std::uint64_t product, std::int64_t price_cents = 1000) {
  LogEvent event;
  event.time = time;
  event.type = type;
  event.session_key = session;
  event.product_key = product;
  event.category_key = product % 3 + 1;
  event.brand_key = 0;
  event.price_cents = price_cents;
  event.amount_cents = price_cents;
  return event;
}

TEST(UserHistoryTest, FoldsEventsIntoDaysSessionsAndFirstSeenItems) {
  UserHistory history("42");
  history.Add(ProductEvent(kOct1st2019 + 100, EventType::kView, 7, 11, 2500));
  history.Add(ProductEvent(kOct1st2019 + 160, EventType::kCart, 7, 11));
  history.Add(ProductEvent(kOct1st2019 + 220, EventType::kPurchase, 7, 11, 2500));
  history.Add(ProductEvent(kOct1st2019 + kDay + 3 * 3600 * 3, EventType::kView, 8, 12));
  history.Finish();
  ASSERT_EQ(history.days().size(), 2U);
  const DayActivity& first = history.days()[0];
  EXPECT_EQ(first.day, DayOf(kOct1st2019));
  EXPECT_EQ(first.Events(), 3U);
  EXPECT_EQ(first.views, 1U);
  EXPECT_EQ(first.carts, 1U);
  EXPECT_EQ(first.purchases, 1U);
  EXPECT_EQ(first.night_events, 3U) << "00:01 to 00:03 UTC is night";
  EXPECT_EQ(first.spend_cents, 2500);
  EXPECT_EQ(first.viewed_price_cents, 2500);
  EXPECT_EQ(first.LastPurchaseTime(), kOct1st2019 + 220);
  EXPECT_EQ(first.LastCartTime(), kOct1st2019 + 160);
  EXPECT_EQ(history.days()[1].LastPurchaseTime(), -1);
  EXPECT_EQ(history.days()[1].night_events, 0U) << "09:00 is day";
  ASSERT_EQ(history.sessions().size(), 2U);
  EXPECT_EQ(history.sessions()[0].events, 3U);
  EXPECT_EQ(history.sessions()[0].LastTime() - history.sessions()[0].FirstTime(), 120);
  EXPECT_EQ(history.sessions()[0].FirstTime(), kOct1st2019 + 100);
  EXPECT_EQ(history.Seen(ItemKind::kProduct).size(), 2U);
  EXPECT_EQ(history.Seen(ItemKind::kCategory).size(), 2U);
  EXPECT_EQ(history.Seen(ItemKind::kBrand).size(), 0U) << "no brand on these rows";
}

TEST(UserHistoryTest, ASessionCrossingMidnightHasOneSlicePerDay) {
  UserHistory history("1");
  history.Add(ProductEvent(kOct1st2019 + kDay - 60, EventType::kView, 5, 1));
  history.Add(ProductEvent(kOct1st2019 + kDay + 60, EventType::kView, 5, 2));
  history.Finish();
  EXPECT_EQ(history.sessions().size(), 2U);
  EXPECT_EQ(history.days().size(), 2U);
}

TEST(UserHistoryTest, OutOfOrderEventsGiveTheSameHistory) {
  std::vector<LogEvent> events = {ProductEvent(kOct1st2019 + 5 * kDay, EventType::kView, 3, 9),
                                  ProductEvent(kOct1st2019 + 100, EventType::kView, 1, 4),
                                  ProductEvent(kOct1st2019 + 2 * kDay, EventType::kCart, 2, 4),
                                  ProductEvent(kOct1st2019 + 50, EventType::kView, 1, 8)};
  UserHistory shuffled("u");
  for (const LogEvent& event : events) {
    shuffled.Add(event);
  }
  shuffled.Finish();
  ASSERT_EQ(shuffled.days().size(), 3U);
  EXPECT_LT(shuffled.days()[0].day, shuffled.days()[1].day);
  EXPECT_LT(shuffled.days()[1].day, shuffled.days()[2].day);
  EXPECT_EQ(shuffled.days()[0].FirstTime(), kOct1st2019 + 50);
  EXPECT_EQ(shuffled.days()[0].LastTime(), kOct1st2019 + 100);
  // Product 4 was first met on day 0, though its cart came later in the file order.
  int found = 0;
  for (const FirstSeen& product : shuffled.Seen(ItemKind::kProduct)) {
    if (product.Key() == 4) {
      EXPECT_EQ(product.FirstDay(), DayOf(kOct1st2019));
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
}

// 40 products viewed over and over on 17 days, in an order where days also
// run backwards: 40 and 17 share no factor, so every product is met on day 0
// at some point.
UserHistory RepeatedViews(int events) {
  UserHistory history("busy");
  for (int event_idx = 0; event_idx < events; ++event_idx) {
    history.Add(ProductEvent(kOct1st2019 + (event_idx % 17) * kDay, EventType::kView, 1,
                             static_cast<std::uint64_t>(event_idx % 40 + 1)));
  }
  history.Finish();
  return history;
}

TEST(UserHistoryTest, SeenItemsStayDistinctWhateverTheNumberOfEvents) {
  UserHistory history = RepeatedViews(5000);
  EXPECT_EQ(history.Seen(ItemKind::kProduct).size(), 40U);
  for (const FirstSeen& product : history.Seen(ItemKind::kProduct)) {
    EXPECT_EQ(product.FirstDay(), DayOf(kOct1st2019))
        << "the earliest day any of its views fell on";
  }
  EXPECT_EQ(RepeatedViews(50000).MemoryBytes(), history.MemoryBytes())
      << "memory follows distinct items and days, never the number of events";
}

TEST(FirstSeenTest, PacksKindKeyAndDayIntoOneWordThatSortsByThem) {
  FirstSeen early = FirstSeen::Of(ItemKind::kCategory, 77, 18170);
  FirstSeen late = FirstSeen::Of(ItemKind::kCategory, 77, 18200);
  EXPECT_EQ(sizeof(FirstSeen), 8U);
  EXPECT_EQ(early.Key(), 77U);
  EXPECT_EQ(early.FirstDay(), 18170);
  EXPECT_EQ(early.Item(), late.Item());
  EXPECT_LT(early.bits, late.bits) << "an item's earliest day sorts first";
  EXPECT_LT(late.bits, FirstSeen::Of(ItemKind::kCategory, 78, 0).bits);
  EXPECT_LT(late.bits, FirstSeen::Of(ItemKind::kBrand, 1, 0).bits);
  EXPECT_EQ(FirstSeen::Of(ItemKind::kProduct, 1, -5).FirstDay(), 0) << "days before 1970 clamp";
  EXPECT_EQ(FirstSeen::Of(ItemKind::kProduct, 1, 70000).FirstDay(), 65535);
}

TEST(UserHistoryTest, AnEventAfterALateDayJoinsItsExistingDay) {
  UserHistory history("5");
  history.Add(ProductEvent(kOct1st2019 + 3 * kDay + 100, EventType::kView, 1, 11));
  history.Add(ProductEvent(kOct1st2019 + 200, EventType::kView, 2, 12));  // late: Oct 1st
  history.Add(ProductEvent(kOct1st2019 + 3 * kDay + 300, EventType::kView, 1, 13));
  history.Finish();
  ASSERT_EQ(history.days().size(), 2U);
  EXPECT_EQ(history.days()[0].day, DayOf(kOct1st2019));
  EXPECT_EQ(history.days()[1].day, DayOf(kOct1st2019) + 3);
  EXPECT_EQ(history.days()[1].views, 2U);
  EXPECT_EQ(history.days()[1].first_second, 100U);
  EXPECT_EQ(history.days()[1].last_second, 300U);
}

LogEvent RowEvent(std::int64_t time, std::uint64_t row_key) {
  LogEvent event = ProductEvent(time, EventType::kView, 1, 11);
  event.row_key = row_key;
  return event;
}

TEST(UserHistoryTest, NoteRowTellsARepeatedRowFromANewOne) {
  UserHistory history("42");
  EXPECT_FALSE(history.NoteRow(RowEvent(kOct1st2019 + 5, 0xABCDEF0123456789)));
  EXPECT_TRUE(history.NoteRow(RowEvent(kOct1st2019 + 5, 0xABCDEF0123456789)));
  EXPECT_FALSE(history.NoteRow(RowEvent(kOct1st2019 + 5, 0xABCDEF0123456788 << 1)))
      << "another line on the same day";
  EXPECT_FALSE(history.NoteRow(RowEvent(kOct1st2019 + events::kSecondsPerDay, 0xABCDEF0123456789)))
      << "a line hashing the same on another day is another row";
  EXPECT_TRUE(history.NoteRow(RowEvent(kOct1st2019 + events::kSecondsPerDay, 0xABCDEF0123456789)));
}

// Thousands of rows, a third of them repeats, in a shuffled order: the head
// and tail merges must count exactly what a set counts.
TEST(UserHistoryTest, NoteRowCountsRepeatsExactlyOverManyRows) {
  UserHistory history("bot");
  std::set<std::pair<Day, std::uint64_t>> seen;
  int repeats = 0;
  int expected_repeats = 0;
  std::uint64_t state = 12345;
  for (int row_idx = 0; row_idx < 20000; ++row_idx) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::uint64_t key = (state >> 40) % 13000 * 0x9E3779B97F4A7C15ULL;
    std::int64_t time = kOct1st2019 + static_cast<std::int64_t>((state >> 20) % 3) * 86400;
    expected_repeats += seen.emplace(DayOf(time), key >> 16).second ? 0 : 1;
    repeats += history.NoteRow(RowEvent(time, key)) ? 1 : 0;
  }
  EXPECT_GT(expected_repeats, 1000);
  EXPECT_EQ(repeats, expected_repeats);
}

TEST(UserHistoryTest, ForgottenDaysNoLongerCountAsRepeatsAndFreeTheirPrints) {
  UserHistory history("42");
  for (std::uint64_t row = 1; row <= 100; ++row) {
    history.NoteRow(RowEvent(kOct1st2019 + static_cast<std::int64_t>(row % 4) * 86400, row << 20));
  }
  std::size_t before = history.MemoryBytes();
  history.ForgetRowsBefore(DayOf(kOct1st2019) + 3);
  EXPECT_LT(history.MemoryBytes(), before);
  EXPECT_FALSE(history.NoteRow(RowEvent(kOct1st2019 + 86400, std::uint64_t{1} << 20)))
      << "day 1 forgotten";
  EXPECT_TRUE(history.NoteRow(RowEvent(kOct1st2019 + 3 * 86400, std::uint64_t{3} << 20)))
      << "day 3 kept";
  history.ForgetRowsBefore(DayOf(kOct1st2019) + 10);
  EXPECT_FALSE(history.NoteRow(RowEvent(kOct1st2019 + 3 * 86400, std::uint64_t{3} << 20)));
}

TEST(UserHistoryTest, RecordsStaySmall) {
  EXPECT_EQ(sizeof(DayActivity), 56U);
  EXPECT_EQ(sizeof(SessionSlice), 24U);
}

TEST(DayOfTest, CountsDaysFromTheEpochInUtc) {
  EXPECT_EQ(DayOf(0), 0);
  EXPECT_EQ(DayOf(kDay - 1), 0);
  EXPECT_EQ(DayOf(-1), -1);
  EXPECT_EQ(DayOf(kOct1st2019), 18170);
}

}  // namespace
}  // namespace churn::features

#include "features/history_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "errors/error.h"
#include "features/log_times.h"
#include "features/same_history.h"
#include "io_error_of.h"
#include "testing/temp_dir.h"

namespace churn::features {
namespace {

using churn::features::testing::IoErrorOf;
using churn::testing::TempDir;
using events::EventType;
using ::testing::HasSubstr;

constexpr std::int64_t kHour = 3600;

LogEvent Event(std::int64_t time, EventType type, std::uint64_t session, std::uint64_t product,
               std::int64_t amount_cents = 0) {
  LogEvent event;
  event.time = time;
  event.type = type;
  event.session_key = session;
  event.product_key = product;
  event.category_key = product / 10;  // ten products a category
  event.brand_key = product % 4 == 0 ? 0 : 500 + product % 4;
  event.price_cents = 1000 + static_cast<std::int64_t>(product);
  event.amount_cents = amount_cents;
  return event;
}

// Events that leave a history with its days out of order and the tail of
// its first-seen list not yet compacted (checked by the test below).
std::vector<LogEvent> EarlyEvents() {
  const std::int64_t day3 = kOct1st2019 + 3 * kDay;
  std::vector<LogEvent> events = {
      Event(day3 + 9 * kHour, EventType::kView, 1, 101),
      Event(day3 + 9 * kHour + 40, EventType::kCart, 1, 101),
      Event(day3 + 9 * kHour + 90, EventType::kPurchase, 1, 101, 1101),
      Event(day3 + 23 * kHour + 59 * 60, EventType::kView, 3, 103),
      Event(kOct1st2019 + 2 * kHour, EventType::kView, 2, 102),  // an earlier day, later
      Event(day3 + kDay + 60, EventType::kView, 3, 104),         // the session crosses midnight
      Event(day3 + kDay + 120, EventType::kRemoveFromCart, 3, 104, -1104),
      Event(day3 + kDay + 180, EventType::kPurchase, 3, 104, -550),  // a cancellation
  };
  for (std::uint64_t product = 110; product < 126; ++product) {
    events.push_back(
        Event(day3 + 2 * kDay + static_cast<std::int64_t>(product), EventType::kView, 4, product));
  }
  events.push_back(Event(day3 + 2 * kDay + 500, EventType::kView, 4, 101));  // seen before
  return events;
}

// Only new last days, days met before and one new day at the end: see
// UserHistoryTest.AnEventAfterALateDayJoinsItsExistingDay for why.
std::vector<LogEvent> LaterEvents() {
  return {
      Event(kOct1st2019 + 6 * kDay + 12 * kHour, EventType::kPurchase, 6, 126, 99900),
      Event(kOct1st2019 + 6 * kDay + 12 * kHour + 30, EventType::kView, 6, 102),
      Event(kOct1st2019 + 3 * kDay + 9 * kHour + 200, EventType::kCart, 1, 105),
      Event(kOct1st2019 + 2 * kHour - 100, EventType::kView, 2, 127),
      Event(kOct1st2019 + kDay + 5 * kHour, EventType::kView, 5, 101),  // earlier than day 3
  };
}

void AddAll(const std::vector<LogEvent>& events, UserHistory* history) {
  for (const LogEvent& event : events) {
    history->Add(event);
  }
}

TEST(HistoryCodecTest, AHistoryMidFoldComesBackAndFoldsOnToTheSameSummary) {
  TempDir dir;
  const std::filesystem::path file = dir / "partition-001.histories";
  UserHistory written("user-7");
  AddAll(EarlyEvents(), &written);
  {
    SpillWriter out(file);
    HistoryCodec::WriteHistory(written, out);
    out.Close();
  }
  {
    SpillReader header_in(file);
    SpilledHistoryHeader header;
    ASSERT_TRUE(header_in.ReadValue(&header));
    EXPECT_EQ(header.id_size, 6U);
    EXPECT_EQ(header.days, 4U);
    EXPECT_EQ(header.days_sorted, 0) << "day 0 came after day 3";
    EXPECT_GT(header.seen, header.seen_compacted) << "a tail not compacted yet";
    EXPECT_GT(header.seen_compacted, 0U) << "and a compacted head";
    EXPECT_EQ(static_cast<std::size_t>(std::filesystem::file_size(file)),
              sizeof(SpilledHistoryHeader) + header.id_size + header.days * sizeof(DayActivity) +
                  header.sessions * sizeof(SessionSlice) + header.seen * sizeof(FirstSeen) +
                  header.row_prints * sizeof(std::uint64_t));
  }
  UserHistory read("something else");
  SpillReader in(file);
  ASSERT_TRUE(HistoryCodec::ReadHistory(in, &read));
  EXPECT_FALSE(HistoryCodec::ReadHistory(in, &read)) << "one history in the file";
  EXPECT_EQ(read.user_id(), "user-7");

  UserHistory direct("user-7");
  AddAll(EarlyEvents(), &direct);
  AddAll(LaterEvents(), &direct);
  direct.Finish();
  AddAll(LaterEvents(), &written);
  AddAll(LaterEvents(), &read);
  written.Finish();
  read.Finish();
  ExpectSameHistory(read, written);
  ExpectSameHistory(read, direct);

  // A few concrete figures, so an empty history on both sides fails.
  ASSERT_EQ(read.days().size(), 6U);
  EXPECT_EQ(read.days()[0].day, DayOf(kOct1st2019));
  EXPECT_EQ(read.days()[0].first_second, 2 * kHour - 100);
  EXPECT_EQ(read.days()[2].spend_cents, 1101);
  EXPECT_EQ(read.days()[2].last_cart_second, 9 * kHour + 200);
  EXPECT_EQ(read.days()[3].spend_cents, -1104 - 550);
  EXPECT_EQ(read.days()[5].day, DayOf(kOct1st2019) + 6);
  EXPECT_EQ(read.sessions().size(), 7U);
  ASSERT_EQ(read.Seen(ItemKind::kProduct).size(), 23U);
  EXPECT_EQ(read.Seen(ItemKind::kProduct)[0].Key(), 101U);
  EXPECT_EQ(read.Seen(ItemKind::kProduct)[0].FirstDay(), DayOf(kOct1st2019) + 1)
      << "product 101 first met on day 1, in the later events";
  EXPECT_EQ(read.Seen(ItemKind::kCategory).size(), 3U);
  EXPECT_EQ(read.Seen(ItemKind::kBrand).size(), 3U);
}

TEST(HistoryCodecTest, SeveralHistoriesComeBackInOrderIntoAnyHistory) {
  TempDir dir;
  const std::filesystem::path file = dir / "many.histories";
  std::vector<UserHistory> histories;
  histories.emplace_back("");
  histories.emplace_back("a-user-id-long-enough-to-live-on-the-heap-" + std::string(200, 'x'));
  histories.emplace_back("3");
  histories[1].Add(Event(kDec1st2010 + 30, EventType::kPurchase, 9, 77, 1234));
  histories[2].Add(Event(kOct1st2019 + kDay, EventType::kView, 8, 78));
  histories[2].Add(Event(kOct1st2019, EventType::kView, 8, 79));
  {
    SpillWriter out(file);
    for (const UserHistory& history : histories) {
      HistoryCodec::WriteHistory(history, out);
    }
    out.Close();
  }
  SpillReader in(file);
  UserHistory read("old");
  read.Add(Event(kOct1st2019, EventType::kView, 1, 1));  // overwritten, not added to
  for (UserHistory& expected : histories) {
    ASSERT_TRUE(HistoryCodec::ReadHistory(in, &read));
    read.Finish();
    expected.Finish();
    ExpectSameHistory(read, expected);
  }
  EXPECT_FALSE(HistoryCodec::ReadHistory(in, &read));
  EXPECT_EQ(histories[0].days().size(), 0U);
  EXPECT_EQ(histories[1].days().size(), 1U);
  EXPECT_EQ(histories[2].days().size(), 2U);
  EXPECT_EQ(histories[2].days()[0].day, DayOf(kOct1st2019));
}

TEST(HistoryCodecTest, EventsComeBackWithEveryField) {
  TempDir dir;
  const std::filesystem::path file = dir / "partition-002.events";
  const std::string long_id = "customer/" + std::string(1000, 'q') + "/end";
  std::vector<LogEvent> events(3);
  events[0] = LogEvent{.time = kOct1st2019 + 12345,
                       .type = EventType::kRemoveFromCart,
                       .user_id = long_id,
                       .user_key = 0xFEDCBA9876543210,
                       .session_key = 0x0123456789ABCDEF,
                       .product_key = 0xFFFFFFFFFFFFFFFF,
                       .category_key = 0,
                       .brand_key = 42,
                       .price_cents = 123456789,
                       .amount_cents = -987654321,
                       .row_key = 0xA5A5A5A55A5A5A5A,
                       .file = 65534};
  events[1] = LogEvent{.time = -86401,  // before 1970
                       .type = EventType::kPurchase,
                       .user_id = "",
                       .user_key = 1,
                       .session_key = 2,
                       .product_key = 3,
                       .category_key = 4,
                       .brand_key = 0,
                       .price_cents = 0,
                       .amount_cents = -1};
  events[2] = LogEvent{.time = kDec1st2010,
                       .type = EventType::kCart,
                       .user_id = "5",
                       .user_key = KeyOf("5"),
                       .session_key = 7,
                       .product_key = 8,
                       .category_key = 9,
                       .brand_key = 10,
                       .price_cents = 199,
                       .amount_cents = 398};
  {
    SpillWriter out(file);
    for (const LogEvent& event : events) {
      HistoryCodec::WriteEvent(event, out);
    }
    EXPECT_EQ(out.bytes_written(),
              static_cast<std::int64_t>(3 * sizeof(SpilledEvent) + long_id.size() + 0 + 1));
    out.Close();
  }
  SpillReader in(file);
  std::string id_buffer;
  for (const LogEvent& expected : events) {
    LogEvent read;
    ASSERT_TRUE(HistoryCodec::ReadEvent(in, &read, &id_buffer));
    EXPECT_EQ(read.time, expected.time);
    EXPECT_EQ(read.type, expected.type);
    EXPECT_EQ(read.user_id, expected.user_id);
    EXPECT_EQ(read.user_id.data(), id_buffer.data()) << "the id views the buffer";
    EXPECT_EQ(read.user_key, expected.user_key);
    EXPECT_EQ(read.session_key, expected.session_key);
    EXPECT_EQ(read.product_key, expected.product_key);
    EXPECT_EQ(read.category_key, expected.category_key);
    EXPECT_EQ(read.brand_key, expected.brand_key);
    EXPECT_EQ(read.price_cents, expected.price_cents);
    EXPECT_EQ(read.amount_cents, expected.amount_cents);
    EXPECT_EQ(read.row_key, expected.row_key);
    EXPECT_EQ(read.file, expected.file);
  }
  LogEvent past_end;
  EXPECT_FALSE(HistoryCodec::ReadEvent(in, &past_end, &id_buffer));
}

// A history spilled mid-stream still knows the rows it saw: a duplicate
// that comes after the spill is found when the partition is read back.
TEST(HistoryCodecTest, TheRowsAHistorySawComeBackWithIt) {
  TempDir dir;
  const std::filesystem::path file = dir / "prints.histories";
  UserHistory written("user-3");
  for (std::uint64_t row = 1; row <= 40; ++row) {  // enough for a sorted head and a tail
    LogEvent event =
        Event(kOct1st2019 + static_cast<std::int64_t>(row) * kHour, EventType::kView, 1, 100 + row);
    event.row_key = row * 0x9E3779B97F4A7C15ULL;
    written.NoteRow(event);
  }
  {
    SpillWriter out(file);
    HistoryCodec::WriteHistory(written, out);
    out.Close();
  }
  UserHistory read("");
  SpillReader in(file);
  ASSERT_TRUE(HistoryCodec::ReadHistory(in, &read));
  EXPECT_GE(read.MemoryBytes(), sizeof(UserHistory) + 40 * sizeof(std::uint64_t));
  for (std::uint64_t row = 1; row <= 41; ++row) {
    LogEvent event =
        Event(kOct1st2019 + static_cast<std::int64_t>(row) * kHour, EventType::kView, 1, 100 + row);
    event.row_key = row * 0x9E3779B97F4A7C15ULL;
    EXPECT_EQ(read.NoteRow(event), row <= 40) << "row " << row;
  }
}

// A spill file of one history, cut to its first `keep` bytes.
std::filesystem::path CutHistoryFile(const TempDir& dir, std::size_t keep) {
  std::filesystem::path file = dir / "cut.histories";
  UserHistory history("user-9");
  history.Add(Event(kOct1st2019, EventType::kView, 1, 11));
  history.Add(Event(kOct1st2019 + kDay, EventType::kView, 1, 12));
  {
    SpillWriter out(file);
    HistoryCodec::WriteHistory(history, out);
    out.Close();
  }
  std::filesystem::resize_file(file, keep);
  return file;
}

TEST(HistoryCodecTest, AHistoryCutInsideARecordIsAnIoErrorNamingTheFile) {
  TempDir dir;
  const std::size_t inside_a_day = sizeof(SpilledHistoryHeader) + 6 + sizeof(DayActivity) + 10;
  const std::filesystem::path file = CutHistoryFile(dir, inside_a_day);
  SpillReader in(file);
  UserHistory read("");
  const std::string message = IoErrorOf([&] { HistoryCodec::ReadHistory(in, &read); });
  EXPECT_THAT(message, HasSubstr(file.string()));
  EXPECT_THAT(message, HasSubstr("ends inside a record"));
}

TEST(HistoryCodecTest, AHistoryCutBetweenItsPartsIsAnIoErrorNamingTheFile) {
  TempDir dir;
  const std::filesystem::path file = CutHistoryFile(dir, sizeof(SpilledHistoryHeader) + 6);
  SpillReader in(file);
  UserHistory read("");
  const std::string message = IoErrorOf([&] { HistoryCodec::ReadHistory(in, &read); });
  EXPECT_THAT(message, HasSubstr(file.string()));
}

TEST(HistoryCodecTest, AnEventCutInsideItsIdIsAnIoErrorNamingTheFile) {
  TempDir dir;
  const std::filesystem::path file = dir / "cut.events";
  {
    SpillWriter out(file);
    LogEvent event;
    event.user_id = "abcdef";
    HistoryCodec::WriteEvent(event, out);
    out.Close();
  }
  std::filesystem::resize_file(file, sizeof(SpilledEvent) + 2);
  SpillReader in(file);
  LogEvent read;
  std::string id_buffer;
  EXPECT_EQ(IoErrorOf([&] { HistoryCodec::ReadEvent(in, &read, &id_buffer); }),
            file.string() + ": a spill file ends inside a record (2 of 6 bytes)");
}

}  // namespace
}  // namespace churn::features

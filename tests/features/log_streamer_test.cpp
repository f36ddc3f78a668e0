#include "features/log_streamer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/event_time.h"
#include "events/year_month.h"
#include "testing/temp_dir.h"

namespace churn::features {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using events::RowIssue;
using ::testing::HasSubstr;

constexpr std::string_view kHeader =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n";
constexpr std::string_view kGoodRows =
    "2019-10-01 00:00:05 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,aaa\n"
    "2019-10-01 00:01:05 UTC,cart,44600062,2103807459595387724,,shiseido,35.79,541312140,aaa\n"
    "2019-10-02 10:00:00 "
    "UTC,view,3900821,2053013552326770905,appliances.kettle,aqua,33.20,554748717,bbb\n";

std::string StreamError(const std::string& text, BadRowPolicy policy = BadRowPolicy::kStop) {
  TempDir folder;
  LogStreamConfig config;
  config.on_bad_row = policy;
  LogStreamer streamer(config);
  try {
    streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

// Every partition's histories, finished.
std::vector<UserTable> FinishedTables(LogStreamer& streamer) {
  std::vector<UserTable> tables;
  for (UserPartition& partition : streamer.partitions()) {
    tables.push_back(partition.TakeFinished());
  }
  return tables;
}

std::size_t UserCount(LogStreamer& streamer) {
  std::size_t users = 0;
  for (const UserTable& table : FinishedTables(streamer)) {
    users += table.size();
  }
  return users;
}

TEST(LogStreamerTest, FoldsEveryRowIntoItsUsersHistory) {
  TempDir folder;
  LogStreamer streamer(LogStreamConfig{});
  streamer.Stream(
      WriteTextFile(folder / "2019-Oct.csv", std::string(kHeader) + std::string(kGoodRows)));
  ASSERT_EQ(streamer.files().size(), 1U);
  EXPECT_EQ(streamer.files()[0].rows_read, 3);
  EXPECT_EQ(streamer.files()[0].events, 3);
  EXPECT_EQ(UserCount(streamer), 2U);
}

TEST(LogStreamerTest, OneUserOnlyKeepsTheirEventsButReadsEveryRow) {
  TempDir folder;
  LogStreamConfig config;
  config.only_user_id = "541312140";
  LogStreamer streamer(config);
  streamer.Stream(
      WriteTextFile(folder / "2019-Oct.csv", std::string(kHeader) + std::string(kGoodRows)));
  EXPECT_EQ(streamer.files()[0].rows_read, 3);
  EXPECT_EQ(streamer.files()[0].events, 2) << "the other user's row is not kept";
  EXPECT_EQ(streamer.files()[0].last_event_time, *events::ParseEventTime("2019-10-02 10:00:00 UTC"))
      << "the span still covers every row";
  EXPECT_EQ(UserCount(streamer), 1U);
}

TEST(LogStreamerTest, QuotedUserIdsOutliveTheParsersScratch) {
  TempDir folder;
  LogStreamConfig config;
  config.columns.numeric_ids = false;
  LogStreamer streamer(config);
  std::string text(kHeader);
  for (int row_idx = 0; row_idx < 50; ++row_idx) {
    text += "2019-10-01 00:00:05 UTC,view,1,2,,b,1.00,\"ann\"\"" + std::to_string(row_idx % 5) +
            "\",s\n";
  }
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  std::set<std::string> users;
  for (const UserTable& table : FinishedTables(streamer)) {
    for (const UserHistory& history : table.histories()) {
      users.insert(history.user_id());
    }
  }
  EXPECT_EQ(users, (std::set<std::string>{"ann\"0", "ann\"1", "ann\"2", "ann\"3", "ann\"4"}));
}

TEST(LogStreamerTest, ACutLastLineOnABatchBoundaryIsStillTheLastLine) {
  TempDir folder;
  std::string text(kHeader);
  std::string row = "2019-10-01 00:00:05 UTC,view,1,2,,b,1.00,5,s\n";
  for (int row_idx = 0; row_idx < (1 << 17); ++row_idx) {
    text += row;
  }
  text += "2019-10-01 00:00:05 UTC,vi";  // the 131,073rd data line, cut
  LogStreamer streamer(LogStreamConfig{});
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  EXPECT_TRUE(streamer.files()[0].cut_last_line);
  EXPECT_EQ(streamer.files()[0].events, 1 << 17);
}

TEST(LogStreamerTest, StrictModeStopsAtTheFirstBadRowNamingFileLineAndColumn) {
  std::string text = std::string(kHeader) + std::string(kGoodRows) +
                     "2019-10-03 00:00:00 UTC,view,1,2,,b,-4.00,5,ccc\n"
                     "2019-10-03 00:00:00 UTC,look,1,2,,b,4.00,5,ccc\n";
  std::string error = StreamError(text);
  EXPECT_THAT(error, HasSubstr("2019-Oct.csv:5: column 'price'"));
  EXPECT_THAT(error, HasSubstr("found '-4.00'"));
}

TEST(LogStreamerTest, SkipModeCountsBadRowsByReasonWithExamples) {
  TempDir folder;
  LogStreamConfig config;
  config.on_bad_row = BadRowPolicy::kSkip;
  LogStreamer streamer(config);
  std::string text = std::string(kHeader) + std::string(kGoodRows) +
                     "2019-10-03 00:00:00 UTC,look,1,2,,b,4.00,5,ccc\n"
                     "2019-13-03 00:00:00 UTC,view,1,2,,b,4.00,5,ccc\n"
                     "2019-10-03 00:00:00 UTC,view,x1,2,,b,4.00,5,ccc\n"
                     "2019-10-03 00:00:00 UTC,view,1,2,,b,4.00,,ccc\n"
                     "2019-10-03 00:00:00 UTC,view,1,2,,b,4.00\n"
                     "\n" +
                     std::string(kHeader);
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  const FileReport& report = streamer.files()[0];
  EXPECT_EQ(report.skipped.Count(RowIssue::kUnknownEventType), 1);
  EXPECT_EQ(report.skipped.Count(RowIssue::kBadTime), 1);
  EXPECT_EQ(report.skipped.Count(RowIssue::kNonNumericField), 1);
  EXPECT_EQ(report.skipped.Count(RowIssue::kMissingUserId), 1);
  EXPECT_EQ(report.skipped.Count(RowIssue::kWrongFieldCount), 1);
  EXPECT_EQ(report.skipped.Count(RowIssue::kEmptyLine), 1);
  EXPECT_EQ(report.skipped.Count(RowIssue::kRepeatedHeader), 1);
  EXPECT_EQ(report.BadRows(), 5);
  EXPECT_EQ(report.events, 3);
  ASSERT_EQ(report.examples.size(), 5U);
  EXPECT_THAT(report.examples[0], HasSubstr("line 5: column 'event_type'"));
}

TEST(LogStreamerTest, ACutLastLineIsSkippedEvenInStrictMode) {
  TempDir folder;
  LogStreamer streamer(LogStreamConfig{});
  std::string text = std::string(kHeader) + std::string(kGoodRows) + "2019-10-03 00:00:00 UTC,vi";
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  EXPECT_TRUE(streamer.files()[0].cut_last_line);
  EXPECT_EQ(streamer.files()[0].events, 3);
  EXPECT_EQ(streamer.files()[0].BadRows(), 0);
}

TEST(LogStreamerTest, FileLevelProblemsAreClearErrors) {
  EXPECT_THAT(StreamError(""), HasSubstr("2019-Oct.csv: the file is empty"));
  EXPECT_THAT(StreamError("event_time,event_type,price\n"), HasSubstr("missing columns"));
  TempDir folder;
  LogStreamer streamer(LogStreamConfig{});
  EXPECT_THROW(streamer.Stream(folder / "2019-Nov.csv"), IoError);
}

TEST(LogStreamerTest, ATruncatedCompressedLogIsAnIoError) {
  TempDir folder;
  std::filesystem::path path = folder / "2019-Oct.csv.gz";
  {
    events::AtomicFileWriter writer(path);
    writer.Write(kHeader);
    for (int copy_idx = 0; copy_idx < 2000; ++copy_idx) {
      writer.Write(kGoodRows);
    }
    writer.Commit();
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  LogStreamer streamer(LogStreamConfig{});
  EXPECT_THROW(streamer.Stream(path), IoError);
}

TEST(LogStreamerTest, EachUserLivesInThePartitionOfTheirKey) {
  TempDir folder;
  LogStreamer streamer(LogStreamConfig{});
  streamer.Stream(
      WriteTextFile(folder / "2019-Oct.csv", std::string(kHeader) + std::string(kGoodRows)));
  ASSERT_EQ(streamer.partitions().size(), kUserPartitions);
  for (UserPartition& partition : streamer.partitions()) {
    UserTable table = partition.TakeFinished();
    for (const UserHistory& history : table.histories()) {
      EXPECT_EQ(PartitionOf(KeyOf(history.user_id())), partition.index()) << history.user_id();
    }
  }
}

TEST(LogStreamerTest, ABudgetTooSmallSpillsPartitionsHighestFirst) {
  TempDir folder;
  std::string text(kHeader);
  for (int user_idx = 0; user_idx < 2000; ++user_idx) {
    text += "2019-10-01 10:00:00 UTC,view,1,2,,b,1.00," + std::to_string(5000 + user_idx) + ",s\n";
  }
  SpillFolder spill(folder.path());
  LogStreamConfig config;
  config.memory_limit = 1;  // a quarter of it for the histories: nothing fits
  config.spill = &spill;
  LogStreamer streamer(config);
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  SpillReport report = streamer.spill_report();
  EXPECT_EQ(report.memory_limit, 1);
  EXPECT_GT(report.peak_state, 0);
  EXPECT_EQ(report.spilled_partitions, static_cast<int>(kUserPartitions));
  EXPECT_GT(report.spilled_bytes, 2000 * 9) << "at least every user id went to disk";
  EXPECT_TRUE(streamer.partitions().back().spilled());
  EXPECT_EQ(streamer.partitions().back().MemoryBytes(), 0U);
  EXPECT_EQ(UserCount(streamer), 2000U) << "every user read back";
}

TEST(LogStreamerTest, TheHistoriesDoNotDependOnTheNumberOfThreadsOrTheBudget) {
  TempDir folder;
  std::string text(kHeader);
  for (int user_idx = 0; user_idx < 300; ++user_idx) {
    text += "2019-10-0" + std::to_string(1 + user_idx % 9) + " 10:00:00 UTC,view,1,2,,b,1.00," +
            std::to_string(1000 + user_idx % 97) + ",s" + std::to_string(user_idx % 13) + "\n";
  }
  std::filesystem::path path = WriteTextFile(folder / "2019-Oct.csv", text);
  SpillFolder spill(folder.path());
  auto days_by_user = [&](int threads, std::int64_t memory_limit) {
    LogStreamConfig config;
    config.threads = threads;
    config.memory_limit = memory_limit;
    config.spill = &spill;
    LogStreamer streamer(config);
    streamer.Stream(path);
    std::map<std::string, std::vector<std::pair<Day, std::uint32_t>>> days;
    for (const UserTable& table : FinishedTables(streamer)) {
      for (const UserHistory& history : table.histories()) {
        for (const DayActivity& activity : history.days()) {
          days[history.user_id()].emplace_back(activity.day, activity.Events());
        }
      }
    }
    return days;
  };
  auto one = days_by_user(1, 0);
  EXPECT_EQ(one.size(), 97U);
  EXPECT_EQ(one, days_by_user(2, 0));
  EXPECT_EQ(one, days_by_user(3, 0));
  EXPECT_EQ(one, days_by_user(2, 1)) << "every partition spilled";
}

// Issue 16: a month written twice doubles counts and spend. An exact
// duplicate is the same line byte for byte, in the file or in the next one
// (near the months' border); a line that differs in one field is not one.
struct DuplicatesSeen {
  std::vector<std::int64_t> duplicate_rows;  // per file
  std::vector<std::int64_t> events;
  std::uint32_t views_of_first_user = 0;
};

DuplicatesSeen StreamWithDuplicates(bool drop, int threads, std::int64_t memory_limit) {
  TempDir folder;
  std::string first_row =
      "2019-10-01 00:00:05 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,aaa\n";
  std::string october = std::string(kHeader) + std::string(kGoodRows) + first_row + first_row +
                        "2019-10-01 00:00:05 UTC,view,44600062,2103807459595387724,,shiseido,"
                        "35.79,541312140,zzz\n"  // another session: not a duplicate
                        "2019-10-31 23:00:00 UTC,view,1,2,,b,1.00,541312140,late\n";
  std::string november = std::string(kHeader) +
                         "2019-10-31 23:00:00 UTC,view,1,2,,b,1.00,541312140,late\n"
                         "2019-11-02 10:00:00 UTC,view,1,2,,b,1.00,554748717,n\n";
  SpillFolder spill(folder.path());
  LogStreamConfig config;
  config.drop_duplicates = drop;
  config.threads = threads;
  config.memory_limit = memory_limit;
  config.spill = &spill;
  LogStreamer streamer(config);
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", october), {}, events::YearMonth(2019, 10));
  streamer.Stream(WriteTextFile(folder / "2019-Nov.csv", november), {},
                  events::YearMonth(2019, 11));
  DuplicatesSeen seen;
  for (const UserTable& table : FinishedTables(streamer)) {
    for (const UserHistory& history : table.histories()) {
      if (history.user_id() == "541312140") {
        for (const DayActivity& day : history.days()) {
          seen.views_of_first_user += day.views;
        }
      }
    }
  }
  streamer.CountDuplicates();
  for (const FileReport& file : streamer.files()) {
    seen.duplicate_rows.push_back(file.duplicate_rows);
    seen.events.push_back(file.events);
  }
  return seen;
}

TEST(LogStreamerTest, ExactDuplicateRowsAreCountedPerFileAndKept) {
  DuplicatesSeen kept = StreamWithDuplicates(false, 2, 0);
  EXPECT_EQ(kept.duplicate_rows, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(kept.events, (std::vector<std::int64_t>{7, 2}));
  EXPECT_EQ(kept.views_of_first_user, 6U) << "view, the first row thrice, zzz, late twice";
}

TEST(LogStreamerTest, DropDuplicatesLeavesThemOutOfTheHistories) {
  DuplicatesSeen dropped = StreamWithDuplicates(true, 2, 0);
  EXPECT_EQ(dropped.duplicate_rows, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(dropped.events, (std::vector<std::int64_t>{5, 1}));
  EXPECT_EQ(dropped.views_of_first_user, 3U) << "view, zzz, late";
}

TEST(LogStreamerTest, DuplicatesAreFoundTheSameWhenPartitionsSpill) {
  for (bool drop : {false, true}) {
    DuplicatesSeen in_memory = StreamWithDuplicates(drop, 1, 0);
    DuplicatesSeen spilled = StreamWithDuplicates(drop, 3, 1);  // every partition spills
    EXPECT_EQ(spilled.duplicate_rows, in_memory.duplicate_rows) << drop;
    EXPECT_EQ(spilled.events, in_memory.events) << drop;
    EXPECT_EQ(spilled.views_of_first_user, in_memory.views_of_first_user) << drop;
  }
}

// Issue 16: an event dated 2099 in a November file stretched the logs'
// span. More than a day outside the file's month is a bad row; within a day
// (a time zone's worth) is kept.
constexpr std::string_view kNovemberWithStrays =
    "2019-10-31 00:00:00 UTC,view,1,2,,b,1.00,5,a\n"  // a day before: kept
    "2099-11-03 10:00:00 UTC,view,1,2,,b,1.00,5,a\n"  // line 3: outside
    "2019-11-15 10:00:00 UTC,view,1,2,,b,1.00,5,a\n"
    "2019-10-30 23:59:59 UTC,view,1,2,,b,1.00,5,a\n"       // a second too early: outside
    "2019-12-01 23:59:59 UTC,purchase,1,2,,b,1.00,5,a\n";  // within a day after: kept

TEST(LogStreamerTest, AnEventOutsideItsFilesMonthStopsStrictMode) {
  TempDir folder;
  LogStreamer streamer(LogStreamConfig{});
  try {
    streamer.Stream(WriteTextFile(folder / "2019-Nov.csv",
                                  std::string(kHeader) + std::string(kNovemberWithStrays)),
                    {}, events::YearMonth(2019, 11));
    FAIL() << "a row dated 2099 in November's file must not pass in strict mode";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("2019-Nov.csv:3: column 'event_time': expected a time in 2019-11, the "
                          "month the file is named for (give or take a day), found "
                          "'2099-11-03 10:00:00 UTC'"));
  }
}

TEST(LogStreamerTest, SkipModeCountsEventsOutsideTheMonthAndKeepsThemOutOfTheSpan) {
  TempDir folder;
  LogStreamConfig config;
  config.on_bad_row = BadRowPolicy::kSkip;
  LogStreamer streamer(config);
  streamer.Stream(WriteTextFile(folder / "2019-Nov.csv",
                                std::string(kHeader) + std::string(kNovemberWithStrays)),
                  {}, events::YearMonth(2019, 11));
  const FileReport& report = streamer.files()[0];
  EXPECT_EQ(report.skipped.Count(RowIssue::kOutsideMonth), 2);
  EXPECT_EQ(report.BadRows(), 2);
  EXPECT_EQ(report.events, 3);
  EXPECT_EQ(events::FormatDate(report.first_event_time), "2019-10-31");
  EXPECT_EQ(events::FormatDate(report.last_event_time), "2019-12-01");
  ASSERT_EQ(report.examples.size(), 2U);
  EXPECT_THAT(report.examples[0], HasSubstr("line 3: column 'event_time'"));
  EXPECT_THAT(report.examples[1], HasSubstr("line 5: column 'event_time'"));
}

TEST(LogStreamerTest, AFileWithoutAMonthTakesEveryDate) {
  TempDir folder;
  LogStreamer streamer(LogStreamConfig{});
  streamer.Stream(WriteTextFile(folder / "export.csv",
                                std::string(kHeader) + std::string(kNovemberWithStrays)));
  EXPECT_EQ(streamer.files()[0].events, 5);
  EXPECT_EQ(events::FormatDate(streamer.files()[0].last_event_time), "2099-11-03");
}

// Issue 16: bytes that are not UTF-8 and a NUL in a skipped row's field
// reach the report's examples and the strict error readable and whole.
TEST(LogStreamerTest, ExamplesOfBadRowsAreValidUtf8) {
  TempDir folder;
  LogStreamConfig config;
  config.on_bad_row = BadRowPolicy::kSkip;
  LogStreamer streamer(config);
  std::string text = std::string(kHeader) + std::string(kGoodRows) +
                     "2019-10-03 00:00:00 UTC,view,1,2,,b,caf\xE9,5,ccc\n" +
                     "2019-10-03 00:00:00 UTC,view,1,2,,b,4.0" + '\0' + "1,5,ccc\n";
  streamer.Stream(WriteTextFile(folder / "2019-Oct.csv", text));
  const FileReport& report = streamer.files()[0];
  ASSERT_EQ(report.examples.size(), 2U);
  EXPECT_THAT(report.examples[0], HasSubstr("found 'caf\xEF\xBF\xBD'"));
  EXPECT_THAT(report.examples[1], HasSubstr("found '4.0\\01'"));
  std::string strict = StreamError(text);
  EXPECT_THAT(strict, HasSubstr("2019-Oct.csv:5: column 'price'"));
  EXPECT_THAT(strict, HasSubstr("found 'caf\xEF\xBF\xBD'"));
}

}  // namespace
}  // namespace churn::features

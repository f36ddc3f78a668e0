#include "features/log_streamer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/event_time.h"
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

}  // namespace
}  // namespace churn::features

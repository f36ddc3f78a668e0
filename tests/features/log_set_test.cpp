#include "features/log_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "events/event_time.h"
#include "testing/temp_dir.h"
#include "two_month_logs.h"

namespace churn::features {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

std::int64_t Midnight(const char* date) {
  return *events::ParseEventTime(std::string(date) + " 00:00:00 UTC");
}

TEST(LogSetTest, FindsTheMonthlyFilesInOrder) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  LogSet logs = FindLogSet(folder.path().string());
  ASSERT_EQ(logs.files.size(), 2U);
  EXPECT_EQ(logs.files[0].filename(), "2019-Oct.csv");
  EXPECT_EQ(logs.files[1].filename(), "2019-Nov.csv");
  EXPECT_EQ(logs.months.size(), 2U);
  EXPECT_EQ(logs.source, folder.path().string());
}

TEST(LogSetTest, AMissingMonthIsNamed) {
  TempDir folder;
  WriteTextFile(folder / "2019-Oct.csv", testing::kRees46Header);
  WriteTextFile(folder / "2019-Dec.csv", testing::kRees46Header);
  try {
    FindLogSet(folder.path().string());
    FAIL() << "a gap in the months must not pass";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("the logs skip 2019-11"));
    EXPECT_THAT(error.what(), HasSubstr("between 2019-Oct.csv and 2019-Dec.csv"));
  }
}

TEST(LogSetTest, AnUndatedFileIsReadAsItIs) {
  TempDir folder;
  std::filesystem::path file = WriteTextFile(folder / "export.csv", testing::kRees46Header);
  LogSet logs = FindLogSet(file.string());
  ASSERT_EQ(logs.files.size(), 1U);
  EXPECT_EQ(logs.files[0], file);
  EXPECT_TRUE(logs.months.empty());
}

TEST(LogSetTest, StreamingReportsEveryFileAndTheEventSpan) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  FeatureConfig config;
  config.threads = 1;
  LogSet logs = FindLogSet(folder.path().string());
  std::int64_t last_done = -1;
  std::int64_t total = 0;
  SpillFolder spill(folder.path());
  std::int64_t events = 0;
  LogStreamer streamer = StreamLogSet(config, logs, spill, [&](const StreamPosition& position) {
    last_done = position.bytes_done;
    total = position.bytes_total;
    events = position.events;
  });
  ASSERT_EQ(streamer.files().size(), 2U);
  EXPECT_EQ(streamer.files()[0].events, 3);
  EXPECT_EQ(streamer.files()[1].events, 2);
  EXPECT_GT(total, 0);
  EXPECT_EQ(last_done, total) << "the last call says every byte is read";
  EXPECT_EQ(events, 5);
  EventSpan span = EventSpanOf(streamer.files());
  EXPECT_EQ(events::FormatDate(span.first), "2019-10-05");
  EXPECT_EQ(events::FormatDate(span.last), "2019-11-30");
}

TEST(LogSetTest, TooManyBadRowsStopTheRun) {
  TempDir folder;
  WriteTextFile(folder / "2019-Oct.csv",
                std::string(testing::kRees46Header) +
                    "2019-10-05 10:00:00 UTC,view,10,100,,acme,20.00,1,s1\n"
                    "not a row\n");
  FeatureConfig config;
  config.threads = 1;
  config.on_bad_row = BadRowPolicy::kSkip;
  config.max_bad_fraction = 0.1;
  SpillFolder spill(folder.path());
  LogStreamer streamer = StreamLogSet(config, FindLogSet(folder.path().string()), spill);
  EXPECT_THAT([&] { CheckBadRows(config, streamer.files()); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("1 of 2 rows (50.00%) were bad")));
  config.max_bad_fraction = 0.5;
  EXPECT_NO_THROW(CheckBadRows(config, streamer.files()));
}

TEST(LogSetTest, PlansTheCutoffsTheEventsCover) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  LogSet logs = FindLogSet(folder.path().string());
  EventSpan span{.first = Midnight("2019-10-05"), .last = Midnight("2019-11-30") + 3600};
  SnapshotPlan plan = PlanLogSnapshots(ChurnDefinition(), logs, span);
  ASSERT_EQ(plan.snapshots.size(), 1U);
  EXPECT_EQ(plan.snapshots[0].CutoffDate(), "2019-11-01");
  // November's file stopping on the 20th leaves no whole label window.
  span.last = Midnight("2019-11-20");
  EXPECT_THAT([&] { PlanLogSnapshots(ChurnDefinition(), logs, span); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("cover no snapshot")));
}

TEST(LogSetTest, ScoringPlanScoresAsOfTheMidnightAfterTheLastEventOrAtTheGivenCutoff) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  LogSet logs = FindLogSet(folder.path().string());
  EventSpan span{.first = Midnight("2019-10-05"), .last = Midnight("2019-11-27") + 3600};
  EXPECT_EQ(AsOfCutoff(span), Midnight("2019-11-28"));
  SnapshotPlan now = ScoringPlan(ChurnDefinition(), logs, span, std::nullopt);
  ASSERT_EQ(now.snapshots.size(), 1U) << "a score looks forward: no label window needed";
  EXPECT_EQ(now.snapshots[0].CutoffDate(), "2019-11-28");
  EXPECT_EQ(now.snapshots[0].cohort_start, Midnight("2019-10-29")) << "30 active days before it";
  EXPECT_EQ(ScoringPlan(ChurnDefinition(), logs, span, "2019-11-01").snapshots.at(0).CutoffDate(),
            "2019-11-01");
  EXPECT_THAT([&] { ScoringPlan(ChurnDefinition(), logs, span, "2019-11-29"); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("2019-11-29 lies past the end of the logs: their last event is on "
                            "2019-11-27, so the latest date to score at is 2019-11-28")));
  EXPECT_THAT([&] { ScoringPlan(ChurnDefinition(), logs, span, "2019-10-01"); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("no history before it")));
  EXPECT_THROW(ScoringPlan(ChurnDefinition(), logs, span, "12/01/2019"), UsageError);
  EXPECT_THROW(ScoringPlan(ChurnDefinition(), logs, span, "2019-11-1"), UsageError);
  EXPECT_THAT([&] { ScoringPlan(ChurnDefinition(), logs, EventSpan{}, std::nullopt); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("no event in the logs")));
}

// Streams the logs in `folder` as `features` does, up to the month check.
void CheckMonthsOf(const TempDir& folder, BadRowPolicy policy = BadRowPolicy::kStop) {
  FeatureConfig config;
  config.threads = 1;
  config.on_bad_row = policy;
  config.max_bad_fraction = 1.0;
  LogSet logs = FindLogSet(folder.path().string());
  SpillFolder spill(folder.path());
  LogStreamer streamer = StreamLogSet(config, logs, spill);
  CheckBadRows(config, streamer.files());
  RequireEventsInEveryMonth(logs, streamer.files());
}

// Issue 16: a month of a header alone between months with events made the
// snapshot before it 100 % churn, in silence.
TEST(LogSetTest, AnEmptyMonthBetweenMonthsWithEventsIsAnErrorNamingItsFile) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  std::filesystem::rename(folder / "2019-Nov.csv", folder / "2019-Dec.csv");
  WriteTextFile(folder / "2019-Nov.csv", testing::kRees46Header);
  // Its events keep December's file within its month.
  WriteTextFile(folder / "2019-Dec.csv",
                std::string(testing::kRees46Header) +
                    "2019-12-10 09:00:00 UTC,view,10,100,,acme,20.00,1,s3\n");
  EXPECT_THAT([&] { CheckMonthsOf(folder); },
              ::testing::ThrowsMessage<InputError>(::testing::AllOf(
                  HasSubstr("2019-Nov.csv: no rows after its header, between months that have "
                            "events"),
                  HasSubstr("a month without events would read as a month in which nobody came "
                            "back"))));
}

TEST(LogSetTest, AMonthWhoseRowsWereAllSkippedIsAsEmpty) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  std::filesystem::rename(folder / "2019-Nov.csv", folder / "2019-Dec.csv");
  WriteTextFile(folder / "2019-Nov.csv",
                std::string(testing::kRees46Header) + "garbage\nmore garbage\n");
  WriteTextFile(folder / "2019-Dec.csv",
                std::string(testing::kRees46Header) +
                    "2019-12-10 09:00:00 UTC,view,10,100,,acme,20.00,1,s3\n");
  EXPECT_THAT([&] { CheckMonthsOf(folder, BadRowPolicy::kSkip); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("2019-Nov.csv: no event in its 2 rows, between months")));
}

TEST(LogSetTest, AnEmptyFirstOrLastMonthIsNoError) {
  TempDir folder;
  testing::WriteTwoMonthLogs(folder.path());
  WriteTextFile(folder / "2019-Sep.csv", testing::kRees46Header);
  WriteTextFile(folder / "2019-Dec.csv", testing::kRees46Header);
  EXPECT_NO_THROW(CheckMonthsOf(folder));
  // The span starts with the first month that has events.
  LogSet logs = FindLogSet(folder.path().string());
  EventSpan span{.first = Midnight("2019-10-05"), .last = Midnight("2019-11-30")};
  ChurnDefinition churn;
  churn.observation_days = 0;  // every history
  SnapshotPlan plan = PlanLogSnapshots(churn, logs, span);
  ASSERT_FALSE(plan.snapshots.empty());
  EXPECT_EQ(plan.snapshots.front().CutoffDate(), "2019-11-01")
      << "no cutoff on 2019-10-01: September holds no history";
}

}  // namespace
}  // namespace churn::features

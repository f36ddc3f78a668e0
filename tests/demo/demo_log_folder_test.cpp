#include "demo/demo_log_folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "errors/error.h"
#include "events/temporary_name.h"
#include "testing/temp_dir.h"

namespace churn::demo {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;

DemoConfig Tiny() {
  DemoConfig config;
  config.users = 50;
  config.months = 2;
  config.start = events::YearMonth(2019, 10);
  config.threads = 1;
  return config;
}

TEST(DemoLogFolderTest, AnEmptyFolderGetsTheDemo) {
  TempDir folder;
  int last_day = 0;
  DemoFolderOutcome outcome = WriteDemoLogsInto(Tiny(), folder.path(), ExistingLogs::kRefuse,
                                                [&](int done, int) { last_day = done; });
  EXPECT_TRUE(outcome.generated);
  ASSERT_EQ(outcome.report.files.size(), 2U);
  EXPECT_EQ(outcome.report.files[0].path.filename(), "2019-Oct.csv");
  EXPECT_EQ(last_day, 61) << "October and November, day by day";
  EXPECT_TRUE(outcome.kept.empty());
}

TEST(DemoLogFolderTest, LogsAlreadyThereAreRefusedKeptOrReplaced) {
  TempDir folder;
  std::filesystem::path mine = WriteTextFile(folder / "2019-Oct.csv", "my real logs\n");
  EXPECT_THAT([&] { WriteDemoLogsInto(Tiny(), folder.path(), ExistingLogs::kRefuse); },
              ::testing::ThrowsMessage<InputError>(
                  ::testing::HasSubstr("already holds 1 monthly logs (2019-Oct.csv)")));

  DemoFolderOutcome kept = WriteDemoLogsInto(Tiny(), folder.path(), ExistingLogs::kKeep);
  EXPECT_FALSE(kept.generated);
  ASSERT_EQ(kept.kept.size(), 1U);
  EXPECT_EQ(ReadTextFile(mine), "my real logs\n");

  DemoFolderOutcome replaced = WriteDemoLogsInto(Tiny(), folder.path(), ExistingLogs::kReplace);
  EXPECT_TRUE(replaced.generated);
  EXPECT_NE(ReadTextFile(mine), "my real logs\n");
}

TEST(DemoLogFolderTest, TheStagingFolderOfAKilledDemoIsRemovedEvenWhenLogsAreKept) {
  TempDir folder;
  WriteTextFile(folder / "2019-Oct.csv", "my real logs\n");
  // What `make-dataset --demo` killed by a signal leaves: its staging folder,
  // named after a process that is gone.
  const std::filesystem::path staging = folder / ".demo-staging.tmp-999999999-0-1";
  WriteTextFile(staging / "2019-Oct.csv", "half a month");
  const std::filesystem::path running = folder / events::TemporaryName("demo-staging");
  std::filesystem::create_directory(running);
  WriteDemoLogsInto(Tiny(), folder.path(), ExistingLogs::kKeep);
  EXPECT_FALSE(std::filesystem::exists(staging));
  EXPECT_TRUE(std::filesystem::exists(running)) << "its writer (this process) is running";
}

TEST(DemoLogFolderTest, ADemoLeavesNoStagingFolderBehind) {
  TempDir folder;
  WriteDemoLogsInto(Tiny(), folder.path(), ExistingLogs::kRefuse);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("2019-Oct.csv", "2019-Nov.csv"));
}

}  // namespace
}  // namespace churn::demo

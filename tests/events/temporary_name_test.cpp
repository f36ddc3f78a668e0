#include "events/temporary_name.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::StartsWith;

// A process id that is not running: the largest one Linux hands out is far
// below it.
constexpr long kNoSuchProcess = 999999999;

// This host as temporary names spell it.
std::string HostInNames() {
  std::string name = TemporaryName("x");
  return name.substr(name.find('@') + 1);
}

// A temporary name in today's form for the given writer.
std::string NameFor(long pid, std::uint64_t start_ticks, const std::string& host) {
  return fmt::format(".metrics.json.tmp-{}-0-{}@{}", pid, start_ticks, host);
}

TEST(TemporaryNameTest, NamesTheWriterAndDiffersEachTime) {
  const std::string first = TemporaryName("metrics.json");
  const std::string second = TemporaryName("metrics.json");
  EXPECT_THAT(first, StartsWith(fmt::format(".metrics.json.tmp-{}-", ::getpid())));
  EXPECT_NE(first, second);
  EXPECT_EQ(first.substr(first.find('@') + 1), HostInNames());
  EXPECT_FALSE(HostInNames().empty());
}

TEST(TemporaryNameTest, ThisProcessIsNeverGone) {
  EXPECT_FALSE(WriterGone(TemporaryName("metrics.json")));
  EXPECT_FALSE(WriterGone(fmt::format(".metrics.json.tmp-{}", ::getpid())));
}

TEST(TemporaryNameTest, AWriterThatIsNotRunningIsGone) {
  EXPECT_TRUE(WriterGone(NameFor(kNoSuchProcess, 1, HostInNames())));
  // The names of earlier versions, with the process id alone.
  EXPECT_TRUE(WriterGone(fmt::format(".processed_train.csv.tmp-{}-3", kNoSuchProcess)));
  EXPECT_TRUE(WriterGone(fmt::format(".2020-02-01.tmp-{}", kNoSuchProcess)));
}

TEST(TemporaryNameTest, AnotherProcessWithTheWritersIdIsNotTheWriter) {
  const long parent = ::getppid();
  const std::optional<std::uint64_t> started = ProcessStartTicks(parent);
  ASSERT_TRUE(started.has_value());
  EXPECT_FALSE(WriterGone(NameFor(parent, *started, HostInNames())));
  EXPECT_TRUE(WriterGone(NameFor(parent, *started + 1, HostInNames())));
  // An older name cannot tell: the id is in use, so it is kept.
  EXPECT_FALSE(WriterGone(fmt::format(".metrics.json.tmp-{}", parent)));
}

TEST(TemporaryNameTest, AWriterOnAnotherHostIsNeverTakenForGone) {
  EXPECT_FALSE(WriterGone(NameFor(kNoSuchProcess, 1, HostInNames() + "-elsewhere")));
}

TEST(TemporaryNameTest, AWriterThatExitedButIsNotReapedIsGone) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::_exit(0);
  }
  // Until it is reaped, /proc still lists the child, as a zombie.
  bool gone = false;
  for (int attempt = 0; attempt < 1000 && !gone; ++attempt) {
    gone = WriterGone(NameFor(child, 1, HostInNames())) && !ProcessAlive(child);
    if (!gone) {
      ::usleep(1000);
    }
  }
  EXPECT_TRUE(gone);
  EXPECT_TRUE(std::filesystem::exists(fmt::format("/proc/{}", child)));
  int status = 0;
  ::waitpid(child, &status, 0);
}

TEST(TemporaryNameTest, OtherNamesAreNotTemporaries) {
  for (const std::string& name :
       {fmt::format("metrics.json.tmp-{}", kNoSuchProcess),  // not hidden
        fmt::format(".tmp-{}", kNoSuchProcess),              // no final name
        std::string(".metrics.json.tmp-"), std::string(".metrics.json.tmp-abc"),
        std::string(".metrics.json.tmp-0"), std::string(".notes"),
        fmt::format(".metrics.json.tmp-{}-1-2-3", kNoSuchProcess),
        fmt::format(".metrics.json.tmp-{}-", kNoSuchProcess)}) {
    EXPECT_FALSE(WriterGone(name)) << name;
  }
}

TEST(TemporaryNameTest, ProcessAliveKnowsThisProcessAndNoOther) {
  EXPECT_TRUE(ProcessAlive(::getpid()));
  EXPECT_FALSE(ProcessAlive(kNoSuchProcess));
  EXPECT_FALSE(ProcessAlive(0));
  EXPECT_FALSE(ProcessAlive(-1));
}

TEST(RemoveStaleTemporariesTest, RemovesFilesAndFoldersOfGoneWritersOnly) {
  TempDir dir;
  const std::string host = HostInNames();
  const auto dead_file = WriteTextFile(dir / NameFor(kNoSuchProcess, 1, host), "half");
  const auto dead_folder = dir / fmt::format(".2020-02-01.tmp-{}-0-1@{}", kNoSuchProcess, host);
  WriteTextFile(dead_folder / "at_risk.csv", "half");
  const auto legacy = WriteTextFile(dir / fmt::format(".x.csv.tmp-{}-0", kNoSuchProcess), "");
  const auto live = WriteTextFile(dir / TemporaryName("metrics.json"), "being written");
  const auto remote = WriteTextFile(dir / NameFor(kNoSuchProcess, 1, host + "-elsewhere"), "");
  const auto final_file = WriteTextFile(dir / "metrics.json", "{}");
  const auto notes = WriteTextFile(dir / ".notes", "");

  EXPECT_EQ(RemoveStaleTemporaries(dir.path()), 3);
  EXPECT_FALSE(std::filesystem::exists(dead_file));
  EXPECT_FALSE(std::filesystem::exists(dead_folder));
  EXPECT_FALSE(std::filesystem::exists(legacy));
  for (const std::filesystem::path& kept : {live, remote, final_file, notes}) {
    EXPECT_TRUE(std::filesystem::exists(kept)) << kept;
  }
  EXPECT_EQ(RemoveStaleTemporaries(dir.path()), 0);
}

TEST(RemoveStaleTemporariesTest, AMissingFolderHasNone) {
  TempDir dir;
  EXPECT_EQ(RemoveStaleTemporaries(dir / "absent"), 0);
}

}  // namespace
}  // namespace churn::events

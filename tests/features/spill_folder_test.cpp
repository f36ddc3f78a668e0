#include "features/spill_folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "errors/error.h"
#include "io_error_of.h"
#include "testing/temp_dir.h"

namespace churn::features {
namespace {

using churn::features::testing::IoErrorOf;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Far above any pid_max Linux allows (2^22), so no process has it.
constexpr long kDeadPid = 999999999;

std::string FolderName(long pid, int number) {
  return "churn-spill." + std::to_string(pid) + "." + std::to_string(number);
}

TEST(SpillFolderTest, IsAFolderOfItsOwnWhileItLivesAndGoneWithItsFilesAfter) {
  TempDir dir;
  std::filesystem::path path;
  {
    SpillFolder folder(dir.path());
    path = folder.path();
    EXPECT_EQ(path.parent_path(), dir.path());
    EXPECT_THAT(path.filename().string(),
                StartsWith("churn-spill." + std::to_string(::getpid()) + "."));
    EXPECT_TRUE(std::filesystem::is_directory(path));
    EXPECT_EQ(folder.File("partition-007.events"), path / "partition-007.events");
    WriteTextFile(folder.File("a.rows"), "rows");
    std::filesystem::create_directories(path / "nested");
    WriteTextFile(path / "nested" / "b.rows", "more rows");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(SpillFolderTest, CreatesItsParentAndTwoFoldersNeverShareAPath) {
  TempDir dir;
  const std::filesystem::path parent = dir / "out" / "data";
  SpillFolder first(parent);
  SpillFolder second(parent);
  EXPECT_TRUE(std::filesystem::is_directory(first.path()));
  EXPECT_TRUE(std::filesystem::is_directory(second.path()));
  EXPECT_NE(first.path(), second.path());
  EXPECT_EQ(first.path().parent_path(), parent);
}

TEST(SpillFolderTest, RemoveStaleRemovesTheFolderOfAProcessThatIsGone) {
  TempDir dir;
  const std::filesystem::path stale = dir / FolderName(kDeadPid, 3);
  WriteTextFile(stale / "partition-001.events", "left by a crash");
  EXPECT_EQ(SpillFolder::RemoveStale(dir.path()), 1);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_EQ(SpillFolder::RemoveStale(dir.path()), 0);
}

TEST(SpillFolderTest, RemoveStaleKeepsTheFoldersOfLiveProcesses) {
  TempDir dir;
  // The parent process (the test runner's shell or ctest) is alive; this
  // process's own folders are skipped whatever /proc says.
  const std::filesystem::path parent_run = dir / FolderName(::getppid(), 0);
  const std::filesystem::path own_run = dir / FolderName(::getpid(), 41);
  WriteTextFile(parent_run / "partition-001.events", "in use");
  WriteTextFile(own_run / "partition-002.events", "in use");
  EXPECT_EQ(SpillFolder::RemoveStale(dir.path()), 0);
  EXPECT_TRUE(std::filesystem::exists(parent_run / "partition-001.events"));
  EXPECT_TRUE(std::filesystem::exists(own_run / "partition-002.events"));
}

TEST(SpillFolderTest, RemoveStaleIgnoresEverythingElse) {
  TempDir dir;
  const std::string dead = std::to_string(kDeadPid);
  for (const std::string& name : std::vector<std::string>{
           "churn-spill." + dead, "churn-spill.x" + dead + ".0", "churn-spill..0",
           "churn-spill.-5.0", "churn-spill.0.0", "spill." + dead + ".0",
           "my-churn-spill." + dead + ".0", "Churn-Spill." + dead + ".0"}) {
    WriteTextFile(dir / name / "keep", "not a spill folder of a dead run");
  }
  WriteTextFile(dir / "users.csv", "user_id\n1\n");
  EXPECT_EQ(SpillFolder::RemoveStale(dir.path()), 0);
  int kept = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++kept;
  }
  EXPECT_EQ(kept, 9);
}

TEST(SpillFolderTest, RemoveStaleOfAMissingParentRemovesNothing) {
  TempDir dir;
  EXPECT_EQ(SpillFolder::RemoveStale(dir / "absent"), 0);
}

TEST(SpillFolderTest, MakingAFolderRemovesTheStaleOnesBeside) {
  TempDir dir;
  const std::filesystem::path stale = dir / FolderName(kDeadPid, 0);
  const std::filesystem::path live = dir / FolderName(::getppid(), 0);
  WriteTextFile(stale / "snapshot-0.rows", "old");
  WriteTextFile(live / "snapshot-0.rows", "busy");
  SpillFolder folder(dir.path());
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live / "snapshot-0.rows"));
}

TEST(SpillFolderTest, AParentThatIsAFileIsAnIoError) {
  TempDir dir;
  const std::filesystem::path file = WriteTextFile(dir / "taken", "a file");
  const std::string message = IoErrorOf([&] { SpillFolder folder(file / "spill"); });
  EXPECT_THAT(message, StartsWith((file / "spill").string() + ": cannot create the spill folder"));
}

TEST(SpillFolderTest, AnUnwritableParentIsAnIoError) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root writes into every folder, whatever its permissions";
  }
  TempDir dir;
  const std::filesystem::path parent = dir / "locked";
  std::filesystem::create_directories(parent);
  std::filesystem::permissions(
      parent, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const std::string message = IoErrorOf([&] { SpillFolder folder(parent); });
  std::filesystem::permissions(parent, std::filesystem::perms::owner_all);
  EXPECT_THAT(message, StartsWith((parent).string() + "/churn-spill."));
  EXPECT_THAT(message, HasSubstr(": cannot create the spill folder: Permission denied"));
}

struct Record {
  std::int64_t time = 0;
  double price = 0;
  std::uint32_t count = 0;
  std::uint32_t flags = 0;
};

TEST(SpillWriterTest, ValuesAndStringsComeBackInOrder) {
  TempDir dir;
  SpillFolder folder(dir.path());
  const std::filesystem::path file = folder.File("mixed.bin");
  SpillWriter out(file);
  out.WriteValue(std::int64_t{-1234567890123});
  out.Write(std::string_view("user-42"));
  out.WriteValue(Record{.time = 1569888000, .price = 12.75, .count = 3, .flags = 0xBEEF});
  out.Write(std::string_view(""));
  out.WriteValue(std::uint8_t{255});
  EXPECT_EQ(out.bytes_written(), 8 + 7 + static_cast<std::int64_t>(sizeof(Record)) + 1);
  EXPECT_EQ(out.path(), file);
  out.Close();
  out.Close();  // a second close does nothing
  EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(file)), out.bytes_written());

  SpillReader in(file);
  std::int64_t number = 0;
  ASSERT_TRUE(in.ReadValue(&number));
  EXPECT_EQ(number, -1234567890123);
  std::string text = "previous";
  in.ReadString(7, &text, "a test record");
  EXPECT_EQ(text, "user-42");
  Record record;
  ASSERT_TRUE(in.ReadValue(&record));
  EXPECT_EQ(record.time, 1569888000);
  EXPECT_EQ(record.price, 12.75);
  EXPECT_EQ(record.count, 3U);
  EXPECT_EQ(record.flags, 0xBEEFU);
  in.ReadString(0, &text, "a test record");
  EXPECT_EQ(text, "");
  std::uint8_t byte = 0;
  ASSERT_TRUE(in.ReadValue(&byte));
  EXPECT_EQ(byte, 255);
  EXPECT_FALSE(in.ReadValue(&byte)) << "the end of the file";
  EXPECT_FALSE(in.ReadValue(&byte)) << "and it stays at the end";
}

TEST(SpillWriterTest, AMovedWriterKeepsWritingTheSameFile) {
  TempDir dir;
  const std::filesystem::path file = dir / "moved.bin";
  SpillWriter first(file);
  first.WriteValue(std::int32_t{7});
  SpillWriter second(std::move(first));
  second.WriteValue(std::int32_t{8});
  EXPECT_EQ(second.bytes_written(), 8);
  SpillWriter third(dir / "other.bin");
  third = std::move(second);
  third.WriteValue(std::int32_t{9});
  EXPECT_EQ(third.path(), file);
  EXPECT_EQ(third.bytes_written(), 12);
  third.Close();
  SpillReader in(file);
  std::int32_t value = 0;
  for (std::int32_t expected : {7, 8, 9}) {
    ASSERT_TRUE(in.ReadValue(&value));
    EXPECT_EQ(value, expected);
  }
  EXPECT_FALSE(in.ReadValue(&value));
  EXPECT_EQ(std::filesystem::file_size(dir / "other.bin"), 0U);
}

TEST(SpillWriterTest, ManyBuffersOfDataComeBackWhole) {
  TempDir dir;
  const std::filesystem::path file = dir / "large.bin";
  constexpr std::int64_t kValues = 100000;  // 800 kB, many times the file buffer
  {
    SpillWriter out(file);
    for (std::int64_t value = 0; value < kValues; ++value) {
      out.WriteValue(value * 3);
    }
    out.Close();
  }
  SpillReader in(file);
  std::int64_t value = 0;
  std::int64_t count = 0;
  while (in.ReadValue(&value)) {
    ASSERT_EQ(value, count * 3);
    ++count;
  }
  EXPECT_EQ(count, kValues);
}

TEST(SpillReaderTest, AFileCutInsideARecordIsAnIoErrorNamingTheFile) {
  TempDir dir;
  const std::filesystem::path file = dir / "cut.bin";
  {
    SpillWriter out(file);
    out.WriteValue(std::int64_t{5});
    out.WriteValue(std::int32_t{6});  // half of the next int64
    out.Close();
  }
  SpillReader in(file);
  std::int64_t value = 0;
  ASSERT_TRUE(in.ReadValue(&value));
  EXPECT_EQ(value, 5);
  EXPECT_EQ(IoErrorOf([&] { in.ReadValue(&value); }),
            file.string() + ": a spill file ends inside a record (4 of 8 bytes)");
}

TEST(SpillReaderTest, AStringCutShortIsAnIoErrorNamingTheFile) {
  TempDir dir;
  const std::filesystem::path file = WriteTextFile(dir / "short.bin", "abc");
  SpillReader in(file);
  std::string text;
  EXPECT_EQ(IoErrorOf([&] { in.ReadString(10, &text, "a test record"); }),
            file.string() + ": a spill file ends inside a record (3 of 10 bytes)");
  SpillReader at_end(file);
  at_end.ReadString(3, &text, "a test record");
  EXPECT_EQ(text, "abc");
  EXPECT_EQ(IoErrorOf([&] { at_end.ReadString(1, &text, "a test record"); }),
            file.string() + ": a spill file ends inside a test record");
}

TEST(SpillReaderTest, AMissingFileIsAnIoErrorNamingIt) {
  TempDir dir;
  const std::filesystem::path file = dir / "absent.bin";
  EXPECT_EQ(IoErrorOf([&] { SpillReader in(file); }),
            file.string() + ": cannot open a spill file: No such file or directory");
  EXPECT_EQ(IoErrorOf([&] { SpillWriter out(dir / "no-folder" / "x.bin"); }),
            (dir / "no-folder" / "x.bin").string() +
                ": cannot open a spill file: No such file or directory");
}

}  // namespace
}  // namespace churn::features

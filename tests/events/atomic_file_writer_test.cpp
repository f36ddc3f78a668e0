#include "events/atomic_file_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "errors/error.h"
#include "events/line_reader.h"
#include "testing/command.h"
#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using ::churn::testing::ReadTextFile;
using ::churn::testing::TempDir;
using ::churn::testing::WriteTextFile;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// Names of the entries in a folder, hidden ones included.
std::vector<std::string> FolderEntries(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Decompresses through LineReader and joins the lines back with "\n".
std::string ReadBack(const std::filesystem::path& path) {
  LineReader reader(path);
  std::string text;
  std::string_view line;
  while (reader.Next(&line)) {
    text.append(line);
    text.push_back('\n');
  }
  return text;
}

std::string Rows(int count) {
  std::string text;
  for (int row_idx = 0; row_idx < count; ++row_idx) {
    text += "2019-10-01 00:00:00 UTC,view," + std::to_string(row_idx * 7) + ",user" +
            std::to_string(row_idx % 97) + "\n";
  }
  return text;
}

TEST(AtomicFileWriterTest, WritesAPlainFileOnCommit) {
  TempDir dir;
  AtomicFileWriter writer(dir / "out.csv");
  writer.Write("a,b\n");
  writer.Write("1,2\n");
  EXPECT_EQ(writer.bytes_written(), 8);
  writer.Commit();
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "a,b\n1,2\n");
  EXPECT_EQ(writer.path(), dir / "out.csv");
}

TEST(AtomicFileWriterTest, KeepsTheFinalNameFreeUntilCommit) {
  TempDir dir;
  AtomicFileWriter writer(dir / "out.csv");
  writer.Write("a,b\n");

  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
  const std::vector<std::string> entries = FolderEntries(dir.path());
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_THAT(entries[0], StartsWith(".out.csv.tmp-"));

  writer.Commit();
  EXPECT_THAT(FolderEntries(dir.path()), ElementsAre("out.csv"));
}

TEST(AtomicFileWriterTest, LeavesNothingBehindWithoutCommit) {
  TempDir dir;
  {
    AtomicFileWriter writer(dir / "out.csv.gz");
    writer.Write(Rows(1000));
  }
  EXPECT_THAT(FolderEntries(dir.path()), IsEmpty());
}

TEST(AtomicFileWriterTest, KeepsTheOldFileWithoutCommitAndReplacesItOnCommit) {
  TempDir dir;
  WriteTextFile(dir / "out.csv", "old\n");
  {
    AtomicFileWriter writer(dir / "out.csv");
    writer.Write("new\n");
  }
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "old\n");

  AtomicFileWriter writer(dir / "out.csv");
  writer.Write("new\n");
  writer.Commit();
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "new\n");
  EXPECT_THAT(FolderEntries(dir.path()), ElementsAre("out.csv"));
}

TEST(AtomicFileWriterTest, RemovesWhatAKilledWriterLeftInItsFolder) {
  TempDir dir;
  // A writer that is gone (no such process), one on another host, one that
  // is running (this process).
  const auto remote = WriteTextFile(dir / ".out.csv.tmp-999999999-0-1@elsewhere-not", "");
  const auto killed = WriteTextFile(dir / ".other.csv.tmp-999999999-4", "half a file");
  AtomicFileWriter running(dir / "other.csv");
  AtomicFileWriter writer(dir / "out.csv");
  EXPECT_FALSE(std::filesystem::exists(killed));
  EXPECT_TRUE(std::filesystem::exists(remote)) << "a writer on another host is not checked";
  running.Write("a");
  running.Commit();
  writer.Write("b");
  writer.Commit();
  EXPECT_THAT(FolderEntries(dir.path()),
              ElementsAre(".out.csv.tmp-999999999-0-1@elsewhere-not", "other.csv", "out.csv"));
}

TEST(AtomicFileWriterTest, GivesTwoWritersOfOneFileTheirOwnTemporaryFiles) {
  TempDir dir;
  AtomicFileWriter first(dir / "out.csv");
  AtomicFileWriter second(dir / "out.csv");
  first.Write("first\n");
  second.Write("second\n");
  EXPECT_EQ(FolderEntries(dir.path()).size(), 2U);
  first.Commit();
  second.Commit();
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "second\n");
}

TEST(AtomicFileWriterTest, CreatesMissingParentFolders) {
  TempDir dir;
  AtomicFileWriter writer(dir / "a" / "b" / "out.csv");
  writer.Write("x\n");
  writer.Commit();
  EXPECT_EQ(ReadTextFile(dir / "a" / "b" / "out.csv"), "x\n");
}

TEST(AtomicFileWriterTest, CommitsAFileNamedWithoutAFolder) {
  // The folder to sync after the rename is then the current one.
  TempDir dir;
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  {
    AtomicFileWriter writer("out.csv");
    writer.Write("x\n");
    writer.Commit();
  }
  std::filesystem::current_path(previous);
  EXPECT_THAT(FolderEntries(dir.path()), ElementsAre("out.csv"));
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "x\n");
}

TEST(AtomicFileWriterTest, RaisesIoErrorWhenTheFolderCannotBeMade) {
  TempDir dir;
  WriteTextFile(dir / "file", "not a folder\n");
  const std::string path = (dir / "file" / "out.csv").string();
  try {
    AtomicFileWriter writer(path);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), StartsWith(path + ": cannot create folder"));
  }
}

TEST(AtomicFileWriterTest, GathersManySmallWritesExactly) {
  TempDir dir;
  std::string expected;
  AtomicFileWriter writer(dir / "out.csv");
  // About 3 MiB in pieces of 1 to 13 bytes, across the 1 MiB buffer's edges.
  for (int piece_idx = 0; expected.size() < (std::size_t{3} << 20); ++piece_idx) {
    const std::string piece(static_cast<std::size_t>(piece_idx % 13 + 1),
                            static_cast<char>('a' + piece_idx % 26));
    writer.Write(piece);
    expected += piece;
  }
  writer.Commit();
  EXPECT_EQ(writer.bytes_written(), static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), expected);
}

TEST(AtomicFileWriterTest, WritesAOneGoWriteLargerThanItsBuffer) {
  TempDir dir;
  const std::string text = Rows(200'000);
  ASSERT_GT(text.size(), std::size_t{5} << 20);
  AtomicFileWriter writer(dir / "out.csv");
  writer.Write("x");
  writer.Write(text);
  writer.Commit();
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "x" + text);
}

TEST(AtomicFileWriterTest, RefusesWritesAfterCommit) {
  TempDir dir;
  AtomicFileWriter writer(dir / "out.csv");
  writer.Commit();
  EXPECT_EQ(ReadTextFile(dir / "out.csv"), "");
  EXPECT_THROW(writer.Write("late\n"), InternalError);
}

class CompressedWriterTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::filesystem::path OutPath() const { return dir_ / ("out.csv" + GetParam()); }

  TempDir dir_;
};

TEST_P(CompressedWriterTest, RoundTripsThroughLineReader) {
  const std::string text = Rows(100'000);
  AtomicFileWriter writer(OutPath());
  writer.Write(text);
  writer.Commit();

  EXPECT_EQ(writer.bytes_written(), static_cast<std::int64_t>(text.size()));
  EXPECT_LT(std::filesystem::file_size(OutPath()), text.size() / 4);
  EXPECT_EQ(ReadBack(OutPath()), text);
}

TEST_P(CompressedWriterTest, WritesAValidEmptyStream) {
  AtomicFileWriter writer(OutPath());
  writer.Commit();
  EXPECT_GT(std::filesystem::file_size(OutPath()), 0U);
  EXPECT_EQ(ReadBack(OutPath()), "");
}

TEST_P(CompressedWriterTest, WritesWhatTheCommandLineToolReads) {
  const std::string tool = GetParam() == ".gz" ? "gzip" : "zstd";
  if (churn::testing::RunCommand("command -v " + tool).exit_code != 0) {
    GTEST_SKIP() << "the " << tool << " command is not installed";
  }
  const std::string text = Rows(20'000);
  AtomicFileWriter writer(OutPath());
  writer.Write(text);
  writer.Commit();
  const churn::testing::CommandResult result =
      churn::testing::RunCommand(tool + " -dc '" + OutPath().string() + "'");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, text);
}

INSTANTIATE_TEST_SUITE_P(Formats, CompressedWriterTest, ::testing::Values(".gz", ".zst"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param.substr(1);
                         });

}  // namespace
}  // namespace churn::events

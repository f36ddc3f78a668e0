#include "events/line_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "testing/command.h"
#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using ::churn::testing::ReadTextFile;
using ::churn::testing::TempDir;
using ::churn::testing::WriteTextFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::size_t kMiB = std::size_t{1} << 20;

std::vector<std::string> ReadAllLines(const std::filesystem::path& path) {
  LineReader reader(path);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(&line)) {
    lines.emplace_back(line);
  }
  return lines;
}

// Writes text compressed as the path's extension asks.
std::filesystem::path WriteLog(const std::filesystem::path& path, std::string_view text) {
  AtomicFileWriter writer(path);
  writer.Write(text);
  writer.Commit();
  return path;
}

std::string JoinLines(const std::vector<std::string>& lines, std::string_view ending) {
  std::string text;
  for (const std::string& line : lines) {
    text += line;
    text += ending;
  }
  return text;
}

// Distinct lines of lengths from 0 to about 5,000 bytes, adding up to
// total_bytes, so that many of them straddle the reader's 1 MiB blocks.
std::vector<std::string> MixedLines(std::size_t total_bytes) {
  std::vector<std::string> lines;
  std::size_t bytes = 0;
  for (std::size_t line_idx = 0; bytes < total_bytes; ++line_idx) {
    const std::size_t length = (line_idx * 7919) % 5003;
    std::string line(length, static_cast<char>('a' + line_idx % 26));
    line += std::to_string(line_idx);
    bytes += line.size() + 1;
    lines.push_back(std::move(line));
  }
  return lines;
}

// "line-0", "line-1", ... enough to fill several blocks after decompression.
std::string NumberedLines(int count) {
  std::string text;
  for (int line_idx = 0; line_idx < count; ++line_idx) {
    text += "line-" + std::to_string(line_idx) + "\n";
  }
  return text;
}

bool ToolAvailable(const std::string& tool) {
  return churn::testing::RunCommand("command -v " + tool).exit_code == 0;
}

// The same expectations hold for plain, gzip and zstd files.
class LineReaderFormatTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::filesystem::path LogPath() const { return dir_ / ("2019-Oct.csv" + GetParam()); }

  TempDir dir_;
};

TEST_P(LineReaderFormatTest, ReadsLinesWithoutTheirEndings) {
  WriteLog(LogPath(), "a,b\nccc\n\nd\n");
  EXPECT_THAT(ReadAllLines(LogPath()), ElementsAre("a,b", "ccc", "", "d"));
}

TEST_P(LineReaderFormatTest, StripsCrlfEndings) {
  WriteLog(LogPath(), "a,b\r\nc\r\n\r\nd\r\n");
  EXPECT_THAT(ReadAllLines(LogPath()), ElementsAre("a,b", "c", "", "d"));
}

TEST_P(LineReaderFormatTest, ReturnsAnUnterminatedLastLineAndSaysSo) {
  WriteLog(LogPath(), "first\nlast");
  LineReader reader(LogPath());
  std::string_view line;

  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line, "first");
  EXPECT_FALSE(reader.last_line_unterminated());
  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line, "last");
  EXPECT_TRUE(reader.last_line_unterminated());
  EXPECT_EQ(reader.line_number(), 2);
  EXPECT_FALSE(reader.Next(&line));
}

TEST_P(LineReaderFormatTest, ReadsNoLinesFromEmptyContent) {
  WriteLog(LogPath(), "");
  LineReader reader(LogPath());
  std::string_view line;
  EXPECT_FALSE(reader.Next(&line));
  EXPECT_EQ(reader.line_number(), 0);
  EXPECT_FALSE(reader.last_line_unterminated());
}

TEST_P(LineReaderFormatTest, ReadsLinesStraddlingBlocks) {
  const std::vector<std::string> lines = MixedLines(3 * kMiB + 12345);
  WriteLog(LogPath(), JoinLines(lines, "\n"));
  EXPECT_EQ(ReadAllLines(LogPath()), lines);
}

TEST_P(LineReaderFormatTest, ReadsCrlfLinesStraddlingBlocks) {
  // With "\r\n" endings, some blocks end between the '\r' and the '\n'.
  const std::vector<std::string> lines = MixedLines(3 * kMiB);
  WriteLog(LogPath(), JoinLines(lines, "\r\n"));
  EXPECT_EQ(ReadAllLines(LogPath()), lines);
}

TEST_P(LineReaderFormatTest, ReadsALineLongerThanABlock) {
  const std::string long_line(3 * kMiB + 17, 'x');
  WriteLog(LogPath(), "first\n" + long_line + "\nlast\n");
  const std::vector<std::string> lines = ReadAllLines(LogPath());
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "first");
  EXPECT_EQ(lines[1], long_line);
  EXPECT_EQ(lines[2], "last");
}

TEST_P(LineReaderFormatTest, CountsEveryByteOfTheFileOnceReadToTheEnd) {
  WriteLog(LogPath(), NumberedLines(100'000));
  LineReader reader(LogPath());
  EXPECT_EQ(reader.bytes_read(), 0);
  std::string_view line;
  while (reader.Next(&line)) {
  }
  EXPECT_EQ(reader.line_number(), 100'000);
  EXPECT_EQ(reader.bytes_read(), static_cast<std::int64_t>(std::filesystem::file_size(LogPath())));
}

TEST_P(LineReaderFormatTest, ReadsLinesUpToTheCapThroughGrownBlocks) {
  // Longer than the 1 MiB block, so the buffer grows up to the cap's size.
  constexpr std::size_t kCap = 2 * kMiB + 5;
  const std::string longest(kCap, 'x');
  WriteLog(LogPath(), "first\r\n" + longest + "\r\n" + longest + "\n" + longest);
  LineReader reader(LogPath(), kCap);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(&line)) {
    lines.emplace_back(line);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"first", longest, longest, longest}));
}

TEST_P(LineReaderFormatTest, RaisesInputErrorForALineOverTheCap) {
  constexpr std::size_t kCap = 2 * kMiB;
  WriteLog(LogPath(), "first\n" + std::string(kCap + 1, 'x') + "\nlast\n");
  LineReader reader(LogPath(), kCap);
  std::string_view line;
  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line, "first");
  try {
    reader.Next(&line);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              LogPath().string() + ": line 2: line longer than 2 MiB (is this a text log?)");
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, LineReaderFormatTest, ::testing::Values("", ".gz", ".zst"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param.empty() ? std::string("Plain")
                                                           : param_info.param.substr(1);
                         });

TEST(LineReaderTest, CountsLines) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "a\nb\nc\n");
  LineReader reader(path);
  std::string_view line;
  EXPECT_EQ(reader.line_number(), 0);
  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(reader.line_number(), 1);
  ASSERT_TRUE(reader.Next(&line));
  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line, "c");
  EXPECT_EQ(reader.line_number(), 3);
  EXPECT_FALSE(reader.Next(&line));
  EXPECT_FALSE(reader.Next(&line));
  EXPECT_EQ(reader.line_number(), 3);
  EXPECT_EQ(reader.path(), path);
}

TEST(LineReaderTest, KeepsCarriageReturnsThatEndNoLine) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "a\rb\nc\r\r\n");
  EXPECT_THAT(ReadAllLines(path), ElementsAre("a\rb", "c\r"));
}

TEST(LineReaderTest, DropsTheCarriageReturnOfALastLineCutBeforeItsNewline) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "a\r\nb\r");
  EXPECT_THAT(ReadAllLines(path), ElementsAre("a", "b"));
}

TEST(LineReaderTest, ReadsLinesThatAreOnlyNewlines) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "\n\n");
  EXPECT_THAT(ReadAllLines(path), ElementsAre("", ""));
}

TEST(LineReaderTest, RaisesIoErrorNamingAMissingFile) {
  TempDir dir;
  const std::string path = (dir / "missing.csv").string();
  try {
    LineReader reader(path);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_THAT(error.what(), HasSubstr(path + ": cannot open for reading"));
  }
}

TEST(LineReaderTest, RaisesIoErrorForAFolder) {
  TempDir dir;
  EXPECT_THROW(LineReader reader(dir.path()), IoError);
}

TEST(LineReaderTest, ReadsConcatenatedGzipMembers) {
  TempDir dir;
  WriteLog(dir / "a.csv.gz", "a1\na2\n");
  WriteLog(dir / "b.csv.gz", "b1\n");
  const auto path = WriteTextFile(dir / "ab.csv.gz",
                                  ReadTextFile(dir / "a.csv.gz") + ReadTextFile(dir / "b.csv.gz"));
  EXPECT_THAT(ReadAllLines(path), ElementsAre("a1", "a2", "b1"));
}

TEST(LineReaderTest, ReadsMultiFrameZstd) {
  TempDir dir;
  WriteLog(dir / "a.csv.zst", "a1\na2\n");
  WriteLog(dir / "b.csv.zst", "b1\n");
  const auto path = WriteTextFile(
      dir / "ab.csv.zst", ReadTextFile(dir / "a.csv.zst") + ReadTextFile(dir / "b.csv.zst"));
  EXPECT_THAT(ReadAllLines(path), ElementsAre("a1", "a2", "b1"));
}

TEST(LineReaderTest, ReadsWhatTheGzipToolWrites) {
  TempDir dir;
  const auto plain = WriteTextFile(dir / "log.csv", NumberedLines(50'000));
  ASSERT_EQ(churn::testing::RunCommand("gzip -k '" + plain.string() + "'").exit_code, 0);
  const std::vector<std::string> lines = ReadAllLines(dir / "log.csv.gz");
  ASSERT_EQ(lines.size(), 50'000U);
  EXPECT_EQ(lines.back(), "line-49999");
}

TEST(LineReaderTest, ReadsWhatTheZstdToolWrites) {
  if (!ToolAvailable("zstd")) {
    GTEST_SKIP() << "the zstd command is not installed";
  }
  TempDir dir;
  const auto plain = WriteTextFile(dir / "log.csv", NumberedLines(50'000));
  ASSERT_EQ(churn::testing::RunCommand("zstd -q '" + plain.string() + "'").exit_code, 0);
  const std::vector<std::string> lines = ReadAllLines(dir / "log.csv.zst");
  ASSERT_EQ(lines.size(), 50'000U);
  EXPECT_EQ(lines.back(), "line-49999");
}

// Reads every line with the given cap; returns the InputError's message (""
// if none) and the lines read before it.
std::string ReadCapped(const std::filesystem::path& path, std::size_t max_line_bytes,
                       std::vector<std::string>* lines) {
  LineReader reader(path, max_line_bytes);
  std::string_view line;
  try {
    while (reader.Next(&line)) {
      lines->emplace_back(line);
    }
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(LineReaderTest, CapsLinesAtSixtyFourMebibytesByDefault) {
  EXPECT_EQ(kMaxLineBytes, 64 * kMiB);
}

TEST(LineReaderTest, AcceptsLinesOfExactlyTheCap) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "0123456789\n0123456789\r\n\n0123456789\r");
  std::vector<std::string> lines;
  EXPECT_EQ(ReadCapped(path, 10, &lines), "");
  EXPECT_THAT(lines, ElementsAre("0123456789", "0123456789", "", "0123456789"));
}

TEST(LineReaderTest, RaisesInputErrorNamingTheLineOverTheCap) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "a,b\n0123456789\n01234567890\nlast\n");
  std::vector<std::string> lines;
  EXPECT_EQ(ReadCapped(path, 10, &lines),
            path.string() + ": line 3: line longer than 10 bytes (is this a text log?)");
  EXPECT_THAT(lines, ElementsAre("a,b", "0123456789"));
}

TEST(LineReaderTest, CountsACarriageReturnWithoutItsNewlineInTheLine) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "0123456789\r0\n");
  std::vector<std::string> lines;
  EXPECT_EQ(ReadCapped(path, 11, &lines),
            path.string() + ": line 1: line longer than 11 bytes (is this a text log?)");
  EXPECT_THAT(lines, ElementsAre());
}

TEST(LineReaderTest, RaisesInputErrorForAnUnterminatedLastLineOverTheCap) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "a\n01234567890");
  std::vector<std::string> lines;
  EXPECT_EQ(ReadCapped(path, 10, &lines),
            path.string() + ": line 2: line longer than 10 bytes (is this a text log?)");
  EXPECT_THAT(lines, ElementsAre("a"));
}

TEST(LineReaderTest, StopsReadingALongLineOnceItPassesTheCap) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "a\n" + std::string(4 * kMiB, 'x'));
  LineReader reader(path, 10);
  std::string_view line;
  ASSERT_TRUE(reader.Next(&line));
  EXPECT_THROW(reader.Next(&line), InputError);
  // Not the whole file: the reader gave up within its first blocks.
  EXPECT_LE(reader.bytes_read(), static_cast<std::int64_t>(2 * kMiB));
}

TEST(LineReaderTest, AllowsOnlyEmptyLinesUnderAZeroCap) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "log.csv", "\n\r\nx\n");
  std::vector<std::string> lines;
  EXPECT_EQ(ReadCapped(path, 0, &lines),
            path.string() + ": line 3: line longer than 0 bytes (is this a text log?)");
  EXPECT_THAT(lines, ElementsAre("", ""));
}

TEST(LineReaderTest, RaisesInputErrorForAFileWithoutNewlinesOverTheDefaultCap) {
  TempDir dir;
  const auto path = WriteTextFile(dir / "2019-Oct.csv", std::string(kMaxLineBytes + 2, '\0'));
  std::vector<std::string> lines;
  EXPECT_EQ(ReadCapped(path, kMaxLineBytes, &lines),
            path.string() + ": line 1: line longer than 64 MiB (is this a text log?)");
  EXPECT_THAT(lines, ElementsAre());
}

// Reads until the reader throws; returns the error's message and the number of
// the line being read when it did (or "" if it never threw).
std::string ReadUntilError(const std::filesystem::path& path, std::int64_t* failed_line) {
  LineReader reader(path);
  std::string_view line;
  try {
    while (reader.Next(&line)) {
    }
  } catch (const IoError& error) {
    *failed_line = reader.line_number() + 1;
    return error.what();
  }
  return "";
}

class TruncatedStreamTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TruncatedStreamTest, RaisesIoErrorNamingFileAndLine) {
  TempDir dir;
  const std::string whole =
      ReadTextFile(WriteLog(dir / ("whole.csv" + GetParam()), NumberedLines(300'000)));
  const auto path =
      WriteTextFile(dir / ("cut.csv" + GetParam()), whole.substr(0, whole.size() / 2));

  std::int64_t failed_line = 0;
  const std::string message = ReadUntilError(path, &failed_line);

  EXPECT_GT(failed_line, 1000);
  EXPECT_THAT(message,
              HasSubstr(path.string() + ": line " + std::to_string(failed_line) + ": truncated"));
}

TEST_P(TruncatedStreamTest, RaisesIoErrorWhenOnlyTheTrailerIsMissing) {
  TempDir dir;
  const std::string whole = ReadTextFile(WriteLog(dir / ("whole.csv" + GetParam()), "a\nb\n"));
  const auto path =
      WriteTextFile(dir / ("cut.csv" + GetParam()), whole.substr(0, whole.size() - 3));
  std::int64_t failed_line = 0;
  EXPECT_THAT(ReadUntilError(path, &failed_line), HasSubstr("truncated"));
}

TEST_P(TruncatedStreamTest, RaisesIoErrorForAnEmptyFile) {
  TempDir dir;
  const auto path = WriteTextFile(dir / ("empty.csv" + GetParam()), "");
  std::int64_t failed_line = 0;
  EXPECT_THAT(ReadUntilError(path, &failed_line), HasSubstr(path.string() + ": line 1: truncated"));
}

TEST_P(TruncatedStreamTest, RaisesIoErrorForDataThatIsNotCompressed) {
  TempDir dir;
  const auto path = WriteTextFile(dir / ("plain.csv" + GetParam()), "event_time,user_id\n");
  std::int64_t failed_line = 0;
  EXPECT_THAT(ReadUntilError(path, &failed_line), HasSubstr(": line 1: corrupt"));
}

TEST_P(TruncatedStreamTest, RaisesIoErrorForAFlippedByte) {
  TempDir dir;
  std::string bytes =
      ReadTextFile(WriteLog(dir / ("whole.csv" + GetParam()), NumberedLines(100'000)));
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
  const auto path = WriteTextFile(dir / ("flipped.csv" + GetParam()), bytes);
  std::int64_t failed_line = 0;
  EXPECT_THAT(ReadUntilError(path, &failed_line), HasSubstr(": corrupt"));
}

INSTANTIATE_TEST_SUITE_P(Formats, TruncatedStreamTest, ::testing::Values(".gz", ".zst"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param.substr(1);
                         });

}  // namespace
}  // namespace churn::events

#include "events/user_sampler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/line_reader.h"
#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using ::churn::testing::ReadTextFile;
using ::churn::testing::TempDir;
using ::churn::testing::WriteTextFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kHeader = "event_time,event_type,user_id,price";

std::string UserId(int user_idx) {
  return std::to_string(512'000'000 + user_idx * 7);
}

// user_count users with one to three rows each, the rows of different users
// interleaved as they are in a real log.
std::string MakeLog(int user_count) {
  std::string text = std::string(kHeader) + "\n";
  for (int day_idx = 0; day_idx < 3; ++day_idx) {
    for (int user_idx = 0; user_idx < user_count; ++user_idx) {
      if (day_idx <= user_idx % 3) {
        text += "2019-10-0" + std::to_string(day_idx + 1) + " 10:00:00 UTC,view," +
                UserId(user_idx) + "," + std::to_string(user_idx % 50) + ".99\n";
      }
    }
  }
  return text;
}

// The third field of a MakeLog row.
std::string UserOfRow(std::string_view row) {
  const std::size_t begin = row.find(',', row.find(',') + 1) + 1;
  return std::string(row.substr(begin, row.find(',', begin) - begin));
}

std::vector<std::string> ReadLines(const std::filesystem::path& path) {
  LineReader reader(path);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.Next(&line)) {
    lines.emplace_back(line);
  }
  return lines;
}

void WriteLogFile(const std::filesystem::path& path, std::string_view text) {
  AtomicFileWriter writer(path);
  writer.Write(text);
  writer.Commit();
}

UserSampleConfig Config(double fraction, std::uint64_t seed = 42) {
  UserSampleConfig config;
  config.fraction = fraction;
  config.seed = seed;
  return config;
}

int CountKept(int user_count, const UserSampleConfig& config) {
  int kept = 0;
  for (int user_idx = 0; user_idx < user_count; ++user_idx) {
    kept += KeepUser(UserId(user_idx), config) ? 1 : 0;
  }
  return kept;
}

TEST(UserSampleConfigTest, AcceptsFractionsInTheOpenClosedUnitInterval) {
  EXPECT_NO_THROW(Config(1.0).Validate());
  EXPECT_NO_THROW(Config(0.1).Validate());
  EXPECT_NO_THROW(Config(1e-9).Validate());
}

TEST(UserSampleConfigTest, RejectsOtherFractions) {
  for (double fraction : {0.0, -0.1, 1.0000001, 2.0, std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::infinity()}) {
    EXPECT_THROW(Config(fraction).Validate(), ConfigError) << fraction;
  }
}

TEST(UserSampleConfigTest, RejectsAnEmptyColumnName) {
  UserSampleConfig config;
  config.user_column = "";
  EXPECT_THROW(config.Validate(), ConfigError);
}

TEST(KeepUserTest, KeepsTheSameUsersInEveryRun) {
  // Published samples can be redrawn only while these stay the same.
  std::vector<std::string> kept;
  for (int user_idx = 0; user_idx < 20; ++user_idx) {
    if (KeepUser(std::to_string(user_idx), Config(0.5))) {
      kept.push_back(std::to_string(user_idx));
    }
  }
  EXPECT_THAT(kept, ElementsAre("0", "1", "3", "4", "6", "7", "9", "13", "16", "19"));
}

TEST(KeepUserTest, KeepsAShareCloseToTheFraction) {
  constexpr int kUsers = 20'000;
  EXPECT_NEAR(CountKept(kUsers, Config(0.01)) / double{kUsers}, 0.01, 0.003);
  EXPECT_NEAR(CountKept(kUsers, Config(0.1)) / double{kUsers}, 0.1, 0.01);
  EXPECT_NEAR(CountKept(kUsers, Config(0.5)) / double{kUsers}, 0.5, 0.015);
  EXPECT_NEAR(CountKept(kUsers, Config(0.5, 7)) / double{kUsers}, 0.5, 0.015);
  EXPECT_EQ(CountKept(kUsers, Config(1.0)), kUsers);
}

TEST(KeepUserTest, NestsSmallerSamplesInLargerOnes) {
  for (int user_idx = 0; user_idx < 5000; ++user_idx) {
    if (KeepUser(UserId(user_idx), Config(0.1))) {
      EXPECT_TRUE(KeepUser(UserId(user_idx), Config(0.3))) << UserId(user_idx);
    }
  }
}

TEST(KeepUserTest, DrawsAnotherSampleForAnotherSeed) {
  int kept_by_both = 0;
  for (int user_idx = 0; user_idx < 10'000; ++user_idx) {
    const bool first = KeepUser(UserId(user_idx), Config(0.5, 1));
    const bool second = KeepUser(UserId(user_idx), Config(0.5, 2));
    kept_by_both += first && second ? 1 : 0;
  }
  // Independent samples of half the users share about a quarter of them.
  EXPECT_NEAR(kept_by_both / 10'000.0, 0.25, 0.02);
}

// The megabytes read so far, of every input's, within each file's name.
TEST(SampleLogsByUserTest, ReportsTheInputReadWithinEachFile) {
  TempDir dir;
  const std::string log = MakeLog(3000);  // 6000 rows: one report after 4096 lines each
  const auto october = WriteTextFile(dir / "in" / "2019-Oct.csv", log);
  const auto november = WriteTextFile(dir / "in" / "2019-Nov.csv", log);
  std::vector<std::string> tasks;
  std::int64_t total = -1;
  progress::Reporter progress([&](const progress::Step& step) {
    tasks.emplace_back(step.task);
    total = step.total;
    EXPECT_EQ(step.unit, "MB");
  });
  SampleLogsByUser({october, november}, dir / "out", Config(0.3), progress);
  EXPECT_THAT(tasks, ::testing::ElementsAre("sampling 2019-Oct.csv (1 of 2)",
                                            "sampling 2019-Nov.csv (2 of 2)"));
  EXPECT_EQ(total, static_cast<std::int64_t>(2 * log.size() / 1'000'000));
}

TEST(SampleLogsByUserTest, KeepsEveryRowOfKeptUsersAndNoRowOfOthers) {
  TempDir dir;
  const std::string log = MakeLog(3000);
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", log);
  const UserSampleConfig config = Config(0.3);

  const std::vector<SampledFile> sampled = SampleLogsByUser({input}, dir / "out", config);

  std::string expected = std::string(kHeader) + "\n";
  std::set<std::string> kept_users;
  std::int64_t rows = 0;
  LineReader reader(input);
  std::string_view line;
  reader.Next(&line);
  while (reader.Next(&line)) {
    ++rows;
    if (KeepUser(UserOfRow(line), config)) {
      expected += std::string(line) + "\n";
      kept_users.insert(UserOfRow(line));
    }
  }
  ASSERT_EQ(sampled.size(), 1U);
  EXPECT_EQ(sampled[0].input, input);
  EXPECT_EQ(sampled[0].output, dir / "out" / "2019-Oct.csv");
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), expected);
  EXPECT_EQ(rows, 6000);
  EXPECT_EQ(sampled[0].rows_read, 6000);
  EXPECT_EQ(sampled[0].rows_kept,
            static_cast<std::int64_t>(std::count(expected.begin(), expected.end(), '\n') - 1));
  EXPECT_EQ(sampled[0].skipped.Total(), 0);
  EXPECT_NEAR(static_cast<double>(kept_users.size()) / 3000, 0.3, 0.04);
}

TEST(SampleLogsByUserTest, KeepsTheSameUsersWhateverTheCompression) {
  TempDir dir;
  const std::string log = MakeLog(2000);
  WriteLogFile(dir / "in" / "2019-Oct.csv", log);
  WriteLogFile(dir / "in" / "2019-Nov.csv.gz", log);
  WriteLogFile(dir / "in" / "2019-Dec.csv.zst", log);

  const std::vector<SampledFile> sampled =
      SampleLogsByUser({dir / "in" / "2019-Oct.csv", dir / "in" / "2019-Nov.csv.gz",
                        dir / "in" / "2019-Dec.csv.zst"},
                       dir / "out", Config(0.2));

  ASSERT_EQ(sampled.size(), 3U);
  const std::vector<std::string> plain = ReadLines(dir / "out" / "2019-Oct.csv");
  EXPECT_GT(plain.size(), 500U);
  EXPECT_LT(plain.size(), 1000U);
  EXPECT_EQ(ReadLines(dir / "out" / "2019-Nov.csv.gz"), plain);
  EXPECT_EQ(ReadLines(dir / "out" / "2019-Dec.csv.zst"), plain);
  EXPECT_NE(ReadTextFile(dir / "out" / "2019-Nov.csv.gz").substr(0, 2), plain[0].substr(0, 2));
  EXPECT_EQ(sampled[1].rows_kept, sampled[0].rows_kept);
  EXPECT_EQ(sampled[2].rows_kept, sampled[0].rows_kept);
}

TEST(SampleLogsByUserTest, WritesTheSameSampleInEveryRun) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", MakeLog(1000));
  SampleLogsByUser({input}, dir / "first", Config(0.25));
  SampleLogsByUser({input}, dir / "second", Config(0.25));
  SampleLogsByUser({input}, dir / "other_seed", Config(0.25, 43));
  const std::string first = ReadTextFile(dir / "first" / "2019-Oct.csv");
  EXPECT_EQ(ReadTextFile(dir / "second" / "2019-Oct.csv"), first);
  EXPECT_NE(ReadTextFile(dir / "other_seed" / "2019-Oct.csv"), first);
}

TEST(SampleLogsByUserTest, SkipsAndCountsUnreadableRowsByReason) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv",
                                   "event_time,event_type,user_id,price\n"
                                   "t1,view,u1,1.00\n"
                                   "\n"
                                   "event_time,event_type,user_id,price\n"
                                   "t2,view,u2\n"
                                   "t3,\"view,u3,1.00\n"
                                   "t4,view,,1.00\n"
                                   "t5,view,u5,1.00,extra\n"
                                   "t6,view,u6,1.00\n"
                                   "t7,view,u7");

  const std::vector<SampledFile> sampled = SampleLogsByUser({input}, dir / "out", Config(1.0));

  ASSERT_EQ(sampled.size(), 1U);
  const RowIssueCounts& skipped = sampled[0].skipped;
  EXPECT_EQ(skipped.Count(RowIssue::kEmptyLine), 1);
  EXPECT_EQ(skipped.Count(RowIssue::kRepeatedHeader), 1);
  EXPECT_EQ(skipped.Count(RowIssue::kWrongFieldCount), 2);
  EXPECT_EQ(skipped.Count(RowIssue::kUnterminatedQuote), 1);
  EXPECT_EQ(skipped.Count(RowIssue::kMissingUserId), 1);
  EXPECT_EQ(skipped.Count(RowIssue::kCutLastLine), 1);
  EXPECT_EQ(skipped.Total(), 7);
  EXPECT_EQ(sampled[0].rows_read, 9);
  EXPECT_EQ(sampled[0].rows_kept, 2);
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"),
            "event_time,event_type,user_id,price\nt1,view,u1,1.00\nt6,view,u6,1.00\n");
}

TEST(SampleLogsByUserTest, SkipsTheHeadersOfConcatenatedFiles) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv",
                                   "when,user_id\n"
                                   "1,u1\n"
                                   "\xEF\xBB\xBFwhen,user_id\n"
                                   "2,u2\n"
                                   "when, user_id \n"
                                   "3,user_id\n");

  const std::vector<SampledFile> sampled = SampleLogsByUser({input}, dir / "out", Config(1.0));

  EXPECT_EQ(sampled[0].skipped.Count(RowIssue::kRepeatedHeader), 2);
  EXPECT_EQ(sampled[0].skipped.Total(), 2);
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), "when,user_id\n1,u1\n2,u2\n3,user_id\n");
}

TEST(SampleLogsByUserTest, KeepsACompleteUnterminatedLastLineWithAnEnding) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", "a,user_id\n1,u1\n2,u2");
  const std::vector<SampledFile> sampled = SampleLogsByUser({input}, dir / "out", Config(1.0));
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), "a,user_id\n1,u1\n2,u2\n");
  EXPECT_EQ(sampled[0].skipped.Total(), 0);
}

TEST(SampleLogsByUserTest, WritesCrlfInputWithLfEndings) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", "a,user_id\r\n1,u1\r\n2,u2\r\n");
  SampleLogsByUser({input}, dir / "out", Config(1.0));
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), "a,user_id\n1,u1\n2,u2\n");
}

TEST(SampleLogsByUserTest, CopiesTheHeaderAndRowsByteForByte) {
  TempDir dir;
  const std::string text =
      "\xEF\xBB\xBF"
      "when,\"user_id\" , note\n"
      "1,\"u1\",\"say \"\"hi\"\", twice\"\n"
      "2, u2 ,\n";
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", text);
  SampleLogsByUser({input}, dir / "out", Config(1.0));
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), text);
}

TEST(SampleLogsByUserTest, ReadsTheUserFromTheConfiguredColumn) {
  TempDir dir;
  std::string text = "visitor,user_id\n";
  for (int user_idx = 0; user_idx < 400; ++user_idx) {
    text += UserId(user_idx) + ",same\n";
  }
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", text);
  UserSampleConfig config = Config(0.5);
  config.user_column = "visitor";

  const std::vector<SampledFile> sampled = SampleLogsByUser({input}, dir / "out", config);

  EXPECT_EQ(sampled[0].rows_kept, CountKept(400, config));
  EXPECT_GT(sampled[0].rows_kept, 150);
  EXPECT_LT(sampled[0].rows_kept, 250);
}

TEST(SampleLogsByUserTest, RejectsALogWithoutTheUserColumn) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", "a,b\n1,2\n");
  try {
    SampleLogsByUser({input}, dir / "out", Config(0.5));
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              input.string() + ": line 1: no column 'user_id' (columns: a, b)");
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "2019-Oct.csv"));
}

TEST(SampleLogsByUserTest, RejectsAnEmptyLog) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", "");
  try {
    SampleLogsByUser({input}, dir / "out", Config(0.5));
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(input.string() + ": empty file"));
  }
}

TEST(SampleLogsByUserTest, RefusesToOverwriteItsInput) {
  TempDir dir;
  const std::string log = MakeLog(10);
  const auto input = WriteTextFile(dir / "2019-Oct.csv", log);
  EXPECT_THROW(SampleLogsByUser({input}, dir.path(), Config(0.5)), InputError);
  EXPECT_EQ(ReadTextFile(input), log);
}

TEST(SampleLogsByUserTest, RejectsTwoInputsOfOneNameBeforeWritingAnything) {
  TempDir dir;
  const auto first = WriteTextFile(dir / "a" / "2019-Oct.csv", MakeLog(10));
  const auto second = WriteTextFile(dir / "b" / "2019-Oct.csv", MakeLog(10));
  try {
    SampleLogsByUser({first, second}, dir / "out", Config(0.5));
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(first.string() + " and " + second.string()));
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

// Names of the entries in a folder, hidden ones included, sorted.
std::vector<std::string> SampleFolderEntries(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(SampleLogsByUserTest, AFailedSampleRemovesTheFolderItMade) {
  TempDir dir;
  const auto good = WriteTextFile(dir / "in" / "2019-Oct.csv", MakeLog(10));
  const auto bad = WriteTextFile(dir / "in" / "2019-Nov.csv", "a,b\n1,2\n");
  EXPECT_THROW(SampleLogsByUser({good, bad}, dir / "out" / "sample", Config(0.5)), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

TEST(SampleLogsByUserTest, AFailedSampleLeavesAnExistingFolderAsItWas) {
  TempDir dir;
  const auto good = WriteTextFile(dir / "in" / "2019-Oct.csv", MakeLog(10));
  const auto bad = WriteTextFile(dir / "in" / "2019-Nov.csv", "a,b\n1,2\n");
  WriteTextFile(dir / "out" / "2019-Oct.csv", "an earlier sample");
  WriteTextFile(dir / "out" / "notes.txt", "mine");
  EXPECT_THROW(SampleLogsByUser({good, bad}, dir / "out", Config(0.5)), InputError);
  EXPECT_THAT(SampleFolderEntries(dir / "out"), ElementsAre("2019-Oct.csv", "notes.txt"));
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), "an earlier sample");
}

TEST(SampleLogsByUserTest, MovesTheSampleBesideWhatTheFolderHeldAndLeavesNoTemporary) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", MakeLog(10));
  WriteTextFile(dir / "out" / "notes.txt", "mine");
  std::vector<SampledFile> sampled = SampleLogsByUser({input}, dir / "out", Config(1.0));
  EXPECT_THAT(SampleFolderEntries(dir / "out"), ElementsAre("2019-Oct.csv", "notes.txt"));
  EXPECT_EQ(ReadTextFile(dir / "out" / "2019-Oct.csv"), MakeLog(10));
  ASSERT_EQ(sampled.size(), 1U);
  EXPECT_EQ(sampled[0].output, dir / "out" / "2019-Oct.csv");
}

TEST(SampleLogsByUserTest, RefusesAnOutputThatIsAFile) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", MakeLog(10));
  const auto file = WriteTextFile(dir / "out", "a file");
  try {
    SampleLogsByUser({input}, file, Config(0.5));
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              file.string() + ": the sample's output is a file; name a folder");
  }
  EXPECT_EQ(ReadTextFile(file), "a file");
}

TEST(SampleLogsByUserTest, ValidatesTheConfigFirst) {
  TempDir dir;
  const auto input = WriteTextFile(dir / "in" / "2019-Oct.csv", MakeLog(10));
  EXPECT_THROW(SampleLogsByUser({input}, dir / "out", Config(0.0)), ConfigError);
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

}  // namespace
}  // namespace churn::events

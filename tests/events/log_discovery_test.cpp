#include "events/log_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using ::churn::testing::TempDir;
using ::churn::testing::WriteTextFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;

std::vector<std::string> FileNames(const std::vector<MonthlyLog>& logs) {
  std::vector<std::string> names;
  names.reserve(logs.size());
  for (const MonthlyLog& log : logs) {
    names.push_back(log.path.filename().string());
  }
  return names;
}

// Runs DiscoverMonthlyLogs and returns the InputError's message ("" if none).
std::string DiscoveryError(const std::string& argument) {
  try {
    DiscoverMonthlyLogs(argument);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(MonthOfLogFileTest, ReadsTheMonthFromLogNames) {
  EXPECT_THAT(MonthOfLogFile("2019-Oct.csv"), Optional(YearMonth(2019, 10)));
  EXPECT_THAT(MonthOfLogFile("logs/2019-oct.csv.gz"), Optional(YearMonth(2019, 10)));
  EXPECT_THAT(MonthOfLogFile("/data/2020-01.csv.zst"), Optional(YearMonth(2020, 1)));
  EXPECT_THAT(MonthOfLogFile("2019-DEC.csv"), Optional(YearMonth(2019, 12)));
}

TEST(MonthOfLogFileTest, RejectsOtherNames) {
  EXPECT_EQ(MonthOfLogFile("README.md"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("2019-Oct.txt"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("2019-Oct.csv.bz2"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("2019-Oct.gz"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("2019-Oct-sample.csv"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("Oct-2019.csv"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("2019-13.csv"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile(".csv"), std::nullopt);
  EXPECT_EQ(MonthOfLogFile("2019-Oct.csv/"), std::nullopt);
}

TEST(HasGlobCharactersTest, FindsEachWildcard) {
  EXPECT_TRUE(HasGlobCharacters("logs/*.csv.gz"));
  EXPECT_TRUE(HasGlobCharacters("logs/2019-Oc?.csv"));
  EXPECT_TRUE(HasGlobCharacters("logs/2019-[ON]*"));
  EXPECT_TRUE(HasGlobCharacters("["));
}

TEST(HasGlobCharactersTest, TakesOtherTextAsAPlainName) {
  EXPECT_FALSE(HasGlobCharacters(""));
  EXPECT_FALSE(HasGlobCharacters("logs/2019-Oct.csv.gz"));
  EXPECT_FALSE(HasGlobCharacters("/data/shop logs (2019)/{a,b}.csv"));
  EXPECT_FALSE(HasGlobCharacters("]"));
}

TEST(ListMonthlyLogFilesTest, ListsByMonthThenNameKeepingDuplicates) {
  TempDir dir;
  WriteTextFile(dir / "2020-Jan.csv", "");
  WriteTextFile(dir / "2019-Oct.csv.zst", "");
  WriteTextFile(dir / "2019-10.csv", "");
  WriteTextFile(dir / "2019-Nov.csv.gz", "");
  WriteTextFile(dir / "2019-Oct.csv", "");

  const std::vector<MonthlyLog> logs = ListMonthlyLogFiles(dir.path());

  EXPECT_THAT(FileNames(logs), ElementsAre("2019-10.csv", "2019-Oct.csv", "2019-Oct.csv.zst",
                                           "2019-Nov.csv.gz", "2020-Jan.csv"));
  ASSERT_EQ(logs.size(), 5U);
  EXPECT_EQ(logs[0].month, YearMonth(2019, 10));
  EXPECT_EQ(logs[2].month, YearMonth(2019, 10));
  EXPECT_EQ(logs[3].month, YearMonth(2019, 11));
  EXPECT_EQ(logs[4].month, YearMonth(2020, 1));
  EXPECT_EQ(logs[4].path, dir / "2020-Jan.csv");
}

TEST(ListMonthlyLogFilesTest, SkipsOtherEntriesAndSubfolders) {
  TempDir dir;
  WriteTextFile(dir / "2019-Dec.csv.gz", "");
  WriteTextFile(dir / "README.md", "");
  WriteTextFile(dir / "2019-Nov.csv.bz2", "");
  WriteTextFile(dir / ".2019-Nov.csv.gz.tmp-12-0", "");
  WriteTextFile(dir / "sub" / "2019-Oct.csv", "");
  std::filesystem::create_directories(dir / "2019-Sep.csv");

  EXPECT_THAT(FileNames(ListMonthlyLogFiles(dir.path())), ElementsAre("2019-Dec.csv.gz"));
}

TEST(ListMonthlyLogFilesTest, GivesNothingForAFolderWithoutLogs) {
  TempDir dir;
  WriteTextFile(dir / "README.md", "");
  EXPECT_THAT(ListMonthlyLogFiles(dir.path()), IsEmpty());
}

TEST(ListMonthlyLogFilesTest, GivesNothingForAMissingFolder) {
  TempDir dir;
  EXPECT_THAT(ListMonthlyLogFiles(dir / "raw"), IsEmpty());
}

TEST(ListMonthlyLogFilesTest, RaisesIoErrorForAFileInsteadOfAFolder) {
  TempDir dir;
  const std::filesystem::path file = WriteTextFile(dir / "2019-Oct.csv", "");
  try {
    ListMonthlyLogFiles(file);
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_EQ(std::string(error.what()),
              file.string() + ": cannot list the folder (Not a directory)");
  }
}

TEST(DiscoverMonthlyLogsTest, OrdersAFoldersLogsByMonthAcrossYears) {
  TempDir dir;
  WriteTextFile(dir / "2020-Jan.csv.gz", "");
  WriteTextFile(dir / "2019-Dec.csv", "");
  WriteTextFile(dir / "2019-Oct.csv", "");
  WriteTextFile(dir / "2019-Nov.csv.zst", "");

  const std::vector<MonthlyLog> logs = DiscoverMonthlyLogs(dir.path().string());

  EXPECT_THAT(FileNames(logs),
              ElementsAre("2019-Oct.csv", "2019-Nov.csv.zst", "2019-Dec.csv", "2020-Jan.csv.gz"));
  ASSERT_EQ(logs.size(), 4U);
  EXPECT_EQ(logs[0].month, YearMonth(2019, 10));
  EXPECT_EQ(logs[3].month, YearMonth(2020, 1));
  EXPECT_EQ(logs[3].path, dir / "2020-Jan.csv.gz");
}

TEST(DiscoverMonthlyLogsTest, IgnoresOtherEntriesOfAFolder) {
  TempDir dir;
  WriteTextFile(dir / "2019-Oct.csv", "");
  WriteTextFile(dir / "README.md", "");
  WriteTextFile(dir / "notes.txt", "");
  WriteTextFile(dir / ".2019-Nov.csv.gz.tmp-12-0", "");
  WriteTextFile(dir / "sub" / "2019-Dec.csv", "");
  std::filesystem::create_directories(dir / "2019-Sep.csv");

  EXPECT_THAT(FileNames(DiscoverMonthlyLogs(dir.path().string())), ElementsAre("2019-Oct.csv"));
}

TEST(DiscoverMonthlyLogsTest, ReportsAFolderWithoutLogs) {
  TempDir dir;
  WriteTextFile(dir / "README.md", "");
  EXPECT_EQ(DiscoveryError(dir.path().string()),
            "no monthly logs found in " + dir.path().string() +
                " (expected files named like 2019-Oct.csv, 2019-Nov.csv.gz)");
}

TEST(DiscoverMonthlyLogsTest, RejectsTwoLogsOfOneMonth) {
  TempDir dir;
  WriteTextFile(dir / "2019-Oct.csv", "");
  WriteTextFile(dir / "2019-10.csv.gz", "");
  WriteTextFile(dir / "2019-Nov.csv", "");

  const std::string message = DiscoveryError(dir.path().string());

  EXPECT_THAT(message, HasSubstr("two logs for 2019-Oct"));
  EXPECT_THAT(message, HasSubstr((dir / "2019-Oct.csv").string()));
  EXPECT_THAT(message, HasSubstr((dir / "2019-10.csv.gz").string()));
}

TEST(DiscoverMonthlyLogsTest, TakesOneNamedFile) {
  TempDir dir;
  WriteTextFile(dir / "2019-Nov.csv.gz", "");
  WriteTextFile(dir / "2019-Oct.csv", "");

  const std::vector<MonthlyLog> logs = DiscoverMonthlyLogs((dir / "2019-Nov.csv.gz").string());

  ASSERT_EQ(logs.size(), 1U);
  EXPECT_EQ(logs[0].month, YearMonth(2019, 11));
  EXPECT_EQ(logs[0].path, dir / "2019-Nov.csv.gz");
}

TEST(DiscoverMonthlyLogsTest, RejectsANamedFileWithoutAMonth) {
  TempDir dir;
  const std::string path = WriteTextFile(dir / "events.csv", "").string();
  EXPECT_EQ(DiscoveryError(path),
            path +
                ": not named like a monthly log (expected names like 2019-Oct.csv, "
                "2019-Nov.csv.gz)");
}

TEST(DiscoverMonthlyLogsTest, RejectsAMissingPath) {
  TempDir dir;
  const std::string path = (dir / "2019-Oct.csv").string();
  EXPECT_EQ(DiscoveryError(path), path + ": no such file or folder");
}

TEST(DiscoverMonthlyLogsTest, NamesAMissingPathReadably) {
  EXPECT_EQ(DiscoveryError("/no/caf\xE9\x01"), "/no/caf\xEF\xBF\xBD\\x01: no such file or folder");
}

TEST(DiscoverMonthlyLogsTest, ExpandsAGlobInMonthOrder) {
  TempDir dir;
  WriteTextFile(dir / "2020-Jan.csv.gz", "");
  WriteTextFile(dir / "2019-Dec.csv.gz", "");
  WriteTextFile(dir / "2019-Nov.csv.gz", "");
  WriteTextFile(dir / "2019-Oct.csv", "");

  EXPECT_THAT(FileNames(DiscoverMonthlyLogs((dir / "*.csv.gz").string())),
              ElementsAre("2019-Nov.csv.gz", "2019-Dec.csv.gz", "2020-Jan.csv.gz"));
  EXPECT_THAT(FileNames(DiscoverMonthlyLogs((dir / "2019-[ON]*").string())),
              ElementsAre("2019-Oct.csv", "2019-Nov.csv.gz"));
}

TEST(DiscoverMonthlyLogsTest, RejectsAGlobMatchWithoutAMonth) {
  TempDir dir;
  WriteTextFile(dir / "2019-Oct.csv", "");
  WriteTextFile(dir / "README.md", "");
  const std::string pattern = (dir / "*").string();

  EXPECT_EQ(DiscoveryError(pattern),
            (dir / "README.md").string() + " (matched by " + pattern +
                "): not named like a monthly log (expected names like 2019-Oct.csv, "
                "2019-Nov.csv.gz)");
}

TEST(DiscoverMonthlyLogsTest, ReportsAGlobThatMatchesNothing) {
  TempDir dir;
  const std::string pattern = (dir / "2019-*.csv").string();
  EXPECT_THAT(DiscoveryError(pattern), HasSubstr("no monthly logs found in " + pattern));
}

TEST(ExpandLogInputsTest, FoldersAndGlobsGiveTheirMonthsFilesThemselves) {
  churn::testing::TempDir folder;
  churn::testing::WriteTextFile(folder / "logs" / "2019-Nov.csv", "x\n");
  churn::testing::WriteTextFile(folder / "logs" / "2019-Oct.csv", "x\n");
  std::filesystem::path single = churn::testing::WriteTextFile(folder / "export.csv", "x\n");
  std::vector<std::filesystem::path> files =
      ExpandLogInputs({(folder / "logs").string(), single.string()});
  ASSERT_EQ(files.size(), 3U);
  EXPECT_EQ(files[0].filename(), "2019-Oct.csv");
  EXPECT_EQ(files[1].filename(), "2019-Nov.csv");
  EXPECT_EQ(files[2], single);
  EXPECT_EQ(ExpandLogInputs({(folder / "logs" / "2019-N*").string()}).size(), 1U);
}

TEST(ExpandLogInputsTest, AnInputThatNamesNothingIsAnError) {
  churn::testing::TempDir folder;
  EXPECT_THAT([&] { ExpandLogInputs({(folder / "missing.csv").string()}); },
              ::testing::ThrowsMessage<InputError>(
                  ::testing::HasSubstr("--input: no such file or folder")));
}

// Runs DiscoverLogsToRun with the hint "HINT" and returns its InputError's
// message ("" if none).
std::string RunDiscoveryError(const std::string& argument) {
  try {
    DiscoverLogsToRun(argument, "HINT");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(DiscoverLogsToRunTest, GivesNothingForOneUndatedFile) {
  TempDir dir;
  const std::string path = WriteTextFile(dir / "events.csv", "").string();
  EXPECT_THAT(DiscoverLogsToRun(path, "HINT"), IsEmpty());
}

TEST(DiscoverLogsToRunTest, GivesAFoldersMonthlyLogs) {
  TempDir dir;
  WriteTextFile(dir / "2019-Nov.csv", "");
  WriteTextFile(dir / "2019-Oct.csv", "");
  EXPECT_THAT(FileNames(DiscoverLogsToRun(dir.path().string(), "HINT")),
              ElementsAre("2019-Oct.csv", "2019-Nov.csv"));
}

TEST(DiscoverLogsToRunTest, HintsWhenThePlaceHoldsNoLog) {
  TempDir dir;
  const std::string missing = (dir / "logs").string();
  EXPECT_EQ(RunDiscoveryError(missing), missing + ": no such file or folder; HINT");
  WriteTextFile(dir / "README.md", "");
  EXPECT_THAT(RunDiscoveryError(dir.path().string()), ::testing::EndsWith(".gz); HINT"));
}

TEST(DiscoverLogsToRunTest, GivesNoHintWhenLogsAreThereButWrong) {
  TempDir dir;
  WriteTextFile(dir / "2019-Oct.csv", "");
  WriteTextFile(dir / "2019-10.csv.gz", "");
  EXPECT_THAT(RunDiscoveryError(dir.path().string()), HasSubstr("two logs for 2019-Oct"));
  EXPECT_THAT(RunDiscoveryError(dir.path().string()), Not(HasSubstr("HINT")));
  EXPECT_THAT(RunDiscoveryError((dir / "2020-*.csv").string()), Not(HasSubstr("HINT")));
}

}  // namespace
}  // namespace churn::events

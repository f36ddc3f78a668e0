// make-dataset and run end to end: demo logs, sampling by user, and the
// summary of an honest, partly built pipeline.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "churn_radar.h"
#include "events/csv_line_splitter.h"
#include "events/line_reader.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

// user_id -> number of rows, over one log file (any compression).
std::map<std::string, int> RowsPerUser(const std::filesystem::path& path) {
  std::map<std::string, int> rows;
  events::LineReader reader(path);
  events::CsvLineSplitter splitter;
  std::string_view line;
  reader.Next(&line);  // header
  while (reader.Next(&line)) {
    auto fields = splitter.Split(line);
    if (fields && fields->size() == 9) {
      ++rows[std::string((*fields)[7])];
    }
  }
  return rows;
}

TEST(MakeDatasetTest, DemoWritesTheConfiguredLogsFolderAndIfMissingKeepsThem) {
  TempDir folder;
  WriteTextFile(folder / "configs" / "config.yaml",
                "logs:\n  path: ../logs\ndemo:\n  users: 200\n  months: 2\n  start: 2020-03\n");
  auto first = ChurnRadar("make-dataset --demo", folder.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("2020-Mar.csv"));
  EXPECT_THAT(first.out, HasSubstr("2020-Apr.csv"));
  std::string march = ReadTextFile(folder / "logs" / "2020-Mar.csv");
  EXPECT_EQ(march.substr(0, march.find('\n')),
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
            "user_session");

  auto again = ChurnRadar("make-dataset --demo --if-missing --users 999", folder.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("already holds 2 monthly logs"));
  EXPECT_EQ(ReadTextFile(folder / "logs" / "2020-Mar.csv"), march) << "kept as it was";
}

TEST(MakeDatasetTest, DemoNeverReplacesExistingLogsWithoutForce) {
  TempDir folder;
  ASSERT_EQ(ChurnRadar("make-dataset --demo --users 50 --months 2 --output logs", folder.path())
                .exit_code,
            0);
  std::string october = ReadTextFile(folder / "logs" / "2019-Oct.csv");
  auto refused =
      ChurnRadar("make-dataset --demo --users 60 --months 1 --output logs --quiet", folder.path());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err,
            "churn-radar: error: logs already holds 2 monthly logs (2019-Oct.csv, 2019-Nov.csv); "
            "pass --force to replace them with the demo, or --if-missing to keep them\n");
  EXPECT_EQ(ReadTextFile(folder / "logs" / "2019-Oct.csv"), october);

  auto forced = ChurnRadar(
      "make-dataset --demo --users 60 --months 1 --compression zst --output logs --force",
      folder.path());
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(forced.out, HasSubstr("replacing the 2 monthly logs already there"));
  EXPECT_FALSE(std::filesystem::exists(folder / "logs" / "2019-Nov.csv")) << "no mix of two demos";
  EXPECT_TRUE(std::filesystem::exists(folder / "logs" / "2019-Oct.csv.zst"));
}

TEST(MakeDatasetTest, SampleKeepsWholeUsersAndAboutTheFraction) {
  TempDir folder;
  auto demo = ChurnRadar(
      "make-dataset --demo --users 3000 --months 2 --compression gz --output full", folder.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  auto sample =
      ChurnRadar("make-dataset --sample 0.2 --input full --output part --seed 5", folder.path());
  ASSERT_EQ(sample.exit_code, 0) << sample.err;
  EXPECT_THAT(sample.out, HasSubstr("2019-Oct.csv.gz"));

  std::set<std::string> kept_users;
  std::set<std::string> all_users;
  for (const char* name : {"2019-Oct.csv.gz", "2019-Nov.csv.gz"}) {
    std::map<std::string, int> full = RowsPerUser(folder / "full" / name);
    std::map<std::string, int> part = RowsPerUser(folder / "part" / name);
    for (const auto& [user, rows] : part) {
      EXPECT_EQ(rows, full[user]) << "every row of a kept user, user " << user;
      kept_users.insert(user);
    }
    for (const auto& [user, rows] : full) {
      all_users.insert(user);
    }
  }
  double share = static_cast<double>(kept_users.size()) / static_cast<double>(all_users.size());
  EXPECT_NEAR(share, 0.2, 0.04);
}

TEST(MakeDatasetTest, SampleOfTheRealRees46HeadSkipsItsCutLastLine) {
  std::filesystem::path real = CHURN_SHARED_DIR "/data/real/rees46-multicat-2019oct-head";
  if (!std::filesystem::exists(real)) {
    GTEST_SKIP() << "shared sample data not present at " << real
                 << " (it ships beside the project's checkout, not in it)";
  }
  TempDir folder;
  auto result = ChurnRadar(
      "make-dataset --sample 0.5 --input '" + (real / "2019-Oct.csv").string() + "' --output part",
      folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("cut_last_line: 1"));
  std::string text = ReadTextFile(folder / "part" / "2019-Oct.csv");
  EXPECT_EQ(text.find('\r'), std::string::npos) << "CRLF line ends become LF";
  EXPECT_GT(RowsPerUser(folder / "part" / "2019-Oct.csv").size(), 100U);
}

TEST(MakeDatasetTest, AFailedSampleLeavesNoOutputBehind) {
  TempDir folder;
  WriteTextFile(folder / "full" / "2019-Oct.csv",
                "event_time,event_type,user_id\n2019-10-01 00:00:00 UTC,view,1\n");
  WriteTextFile(folder / "full" / "2019-Nov.csv", "event_time,event_type,visitor\n");
  auto sample =
      ChurnRadar("make-dataset --sample 0.5 --input full --output out/part", folder.path());
  EXPECT_EQ(sample.exit_code, 1);
  EXPECT_THAT(sample.err, HasSubstr("2019-Nov.csv: line 1: no column 'user_id'"));
  EXPECT_FALSE(std::filesystem::exists(folder / "out")) << "the folder it made is removed";
}

TEST(RunTest, RunsTheWholeCycleAndPointsToTheDashboard) {
  TempDir folder;
  ASSERT_EQ(ChurnRadar("make-dataset --demo --users 2000 --months 2 --output logs", folder.path())
                .exit_code,
            0);
  auto result = ChurnRadar("run --logs logs --out runs/demo", folder.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("2 monthly files, 2019-10 to 2019-11"));
  EXPECT_THAT(result.out,
              ::testing::ContainsRegex("users        [0-9]+ with an event in the logs\n"));
  EXPECT_THAT(result.out,
              ::testing::ContainsRegex("churn rate   [0-9.]+% of the [0-9]+ test users \\(snapshot "
                                       "2019-[0-9]+-01\\)\n"));
  EXPECT_THAT(result.out, ::testing::ContainsRegex("ROC-AUC      0\\.[0-9]+\n"));
  EXPECT_THAT(result.out, HasSubstr("runs/demo/models"));
  EXPECT_THAT(result.out, HasSubstr("dashboard    churn-radar serve --out runs/demo, then open "
                                    "http://127.0.0.1:8501/"))
      << "the hint serves what the run wrote";
  EXPECT_THAT(result.out, HasSubstr("Explained "));
  EXPECT_THAT(result.out, ::testing::ContainsRegex("as of        20[0-9-]+: [0-9]+ customers "
                                                   "scored, [0-9]+ flagged\n"));
  EXPECT_THAT(result.out, HasSubstr("at-risk list runs/demo/scores/"));
  EXPECT_TRUE(std::filesystem::exists(folder / "runs/demo/models/model.json"));
  EXPECT_TRUE(std::filesystem::exists(folder / "runs/demo/data/processed_train.csv"));
  EXPECT_TRUE(std::filesystem::exists(folder / "runs/demo/models/feature_columns.json"));
  EXPECT_TRUE(std::filesystem::exists(folder / "runs/demo/scores/2019-12-01/at_risk.csv"))
      << "run ends with today's scoring, as of the midnight after the last event";
}

}  // namespace
}  // namespace churn::e2e

// `churn-radar features` on logs that are wrong in the ways issue 16 found
// real exports to be: an empty month, every row written twice, bytes that
// are not UTF-8 or a NUL in a field, an event dated far outside its file's
// month. Each gets a clear answer: an error naming the file (and line), or a
// count in features_report.json and a warning, never a silent change of the
// labels or a message cut short.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "churn_radar.h"
#include "events/readable_text.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHeader =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
    "user_session\n";

// One row of user `user` in session `session`: `start` holds the fields
// before the user id.
void AppendRow(std::string& rows, std::string_view start, const std::string& user,
               std::string_view session) {
  rows.append(start).append(user).append(",").append(session).append(user).append("\n");
}

// Forty users visit in October; the even ones come back in November, whose
// last event is on the 30th, so the snapshot at 2019-11-01 has a whole label
// window and half of its users churn.
std::string OctoberRows() {
  std::string rows;
  for (int user_idx = 0; user_idx < 40; ++user_idx) {
    std::string day = std::to_string(10 + user_idx % 15);
    std::string user = std::to_string(1000 + user_idx);
    AppendRow(rows, "2019-10-" + day + " 10:00:00 UTC,view,7,70,,acme,12.50,", user, "s");
    AppendRow(rows, "2019-10-" + day + " 10:05:00 UTC,purchase,7,70,,acme,12.50,", user, "s");
  }
  return rows;
}

std::string NovemberRows() {
  std::string rows;
  for (int user_idx = 0; user_idx < 40; user_idx += 2) {
    AppendRow(rows, "2019-11-20 09:00:00 UTC,view,8,70,,acme,3.00,",
              std::to_string(1000 + user_idx), "n");
  }
  return rows + "2019-11-30 18:00:00 UTC,view,9,70,,acme,5.00,1002,n1002\n";
}

void WriteLogs(const std::filesystem::path& folder, const std::string& october_extra,
               const std::string& november_extra) {
  WriteTextFile(folder / "2019-Oct.csv", std::string(kHeader) + OctoberRows() + october_extra);
  WriteTextFile(folder / "2019-Nov.csv", std::string(kHeader) + NovemberRows() + november_extra);
}

nlohmann::json Report(const std::filesystem::path& run) {
  return nlohmann::json::parse(ReadTextFile(run / "data/features_report.json"));
}

// 1. A month of a header alone between months with events: every user
// active before it would be labelled a churner.
TEST(BadLogsTest, AnEmptyMonthBetweenMonthsWithEventsIsAnErrorNamingTheFile) {
  TempDir folder;
  WriteTextFile(folder / "logs/2019-Oct.csv", std::string(kHeader) + OctoberRows());
  WriteTextFile(folder / "logs/2019-Nov.csv", kHeader);
  WriteTextFile(folder / "logs/2019-Dec.csv",
                std::string(kHeader) + "2019-12-05 09:00:00 UTC,view,8,70,,acme,3.00,1000,d\n");
  auto result = ChurnRadar("features --logs logs --out run -q", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("churn-radar: error: logs/2019-Nov.csv: no rows after its "
                                    "header, between months that have events"));
  EXPECT_FALSE(std::filesystem::exists(folder / "run/data/processed_train.csv"));
}

TEST(BadLogsTest, AnEmptyLastMonthIsWarnedAboutAndLeftOut) {
  TempDir folder;
  WriteLogs(folder / "logs", "", "");
  WriteTextFile(folder / "logs/2019-Dec.csv", kHeader);
  auto result = ChurnRadar("features --logs logs --out run", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("logs/2019-Dec.csv: no rows after its header; the logs are "
                                    "taken to end with the months that have events"));
  EXPECT_THAT(result.out, HasSubstr("snapshot 2019-11-01"));
  EXPECT_THAT(result.out, Not(HasSubstr("snapshot 2019-12-01")));
}

// 2. Every row of a month written twice, as some exports do: counted and
// warned about; with features.drop_duplicates the tables are those of the
// logs written once, whether the partitions stay in memory or spill. (The
// demo shop itself writes a few exact duplicates, as real logs hold some.)
TEST(BadLogsTest, AMonthWrittenTwiceIsCountedWarnedAboutAndCanBeDropped) {
  TempDir folder;
  ASSERT_EQ(ChurnRadar("make-dataset --demo --users 300 --months 2 --output once -q", folder.path())
                .exit_code,
            0);
  std::string october = ReadTextFile(folder / "once/2019-Oct.csv");
  std::string rows = october.substr(october.find('\n') + 1);
  auto row_count = static_cast<std::int64_t>(std::count(rows.begin(), rows.end(), '\n'));
  WriteTextFile(folder / "twice/2019-Oct.csv", october + rows);
  WriteTextFile(folder / "twice/2019-Nov.csv", ReadTextFile(folder / "once/2019-Nov.csv"));
  WriteTextFile(folder / "drop.yaml", "features:\n  drop_duplicates: true\n");

  auto once = ChurnRadar("features --logs once --out once_run -q", folder.path());
  ASSERT_EQ(once.exit_code, 0) << once.err;
  std::int64_t natural = Report(folder / "once_run")["files"][0]["duplicate_rows"];
  EXPECT_LT(natural, row_count / 1000) << "a few, not a warning's worth";
  EXPECT_THAT(once.err, Not(HasSubstr("repeat an earlier row")));

  auto kept = ChurnRadar("features --logs twice --out kept_run", folder.path());
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  std::int64_t duplicates = row_count + natural;
  EXPECT_THAT(kept.err, HasSubstr("twice/2019-Oct.csv: " + std::to_string(duplicates) + " of " +
                                  std::to_string(2 * row_count) +
                                  " rows (50.0%) repeat an earlier row exactly; kept them"));
  EXPECT_THAT(kept.err, HasSubstr("set features.drop_duplicates: true to drop them"));
  EXPECT_THAT(kept.out, HasSubstr(std::to_string(duplicates) + " duplicate_rows"));
  nlohmann::json report = Report(folder / "kept_run");
  EXPECT_EQ(report["files"][0]["duplicate_rows"], duplicates);
  EXPECT_EQ(report["files"][0]["events"], 2 * row_count);
  EXPECT_EQ(report["files"][1]["duplicate_rows"],
            Report(folder / "once_run")["files"][1]["duplicate_rows"]);
  EXPECT_TRUE(ReadTextFile(folder / "kept_run/data/processed_train.csv") !=
              ReadTextFile(folder / "once_run/data/processed_train.csv"))
      << "kept duplicates count twice";

  auto once_dropped =
      ChurnRadar("features --config drop.yaml --logs once --out once_drop_run -q", folder.path());
  ASSERT_EQ(once_dropped.exit_code, 0) << once_dropped.err;
  for (const std::string& options : {std::string(), std::string(" --memory-limit 1MB")}) {
    auto dropped = ChurnRadar("features --config drop.yaml --logs twice --out drop_run" + options,
                              folder.path());
    ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
    EXPECT_THAT(dropped.err, HasSubstr("repeat an earlier row exactly; dropped them"));
    nlohmann::json dropped_report = Report(folder / "drop_run");
    EXPECT_EQ(dropped_report["files"][0]["duplicate_rows"], duplicates) << options;
    EXPECT_EQ(dropped_report["files"][0]["events"], row_count - natural) << options;
    EXPECT_EQ(dropped_report["config"]["drop_duplicates"], true);
    EXPECT_EQ(dropped_report["memory"]["spilled"], !options.empty());
    for (const char* table : {"data/processed_train.csv", "data/processed_test.csv"}) {
      EXPECT_TRUE(ReadTextFile(folder / "drop_run" / table) ==
                  ReadTextFile(folder / "once_drop_run" / table))
          << table << options;
    }
  }
}

// 3. A skipped row whose field holds bytes that are not UTF-8 once ended
// the run with the JSON library's message and no report.
TEST(BadLogsTest, InvalidUtf8InASkippedRowStillGivesAValidReport) {
  TempDir folder;
  WriteLogs(folder / "logs", "2019-10-12 10:00:00 UTC,view,7,70,,acme,caf\xE9,1001,s\n", "");
  WriteTextFile(folder / "skip.yaml", "features:\n  on_bad_row: skip\n");
  auto result = ChurnRadar("features --config skip.yaml --logs logs --out run", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("found 'caf\xEF\xBF\xBD'"));
  EXPECT_EQ(events::ValidUtf8(result.err), result.err) << "every message valid UTF-8";
  nlohmann::json report = Report(folder / "run");
  EXPECT_EQ(report["files"][0]["skipped"]["non_numeric_field"], 1);
  EXPECT_THAT(report["files"][0]["examples"][0].get<std::string>(),
              HasSubstr("line 82: column 'price': expected a non-negative decimal, found "
                        "'caf\xEF\xBF\xBD'"));
}

TEST(BadLogsTest, AFileNameThatIsNotUtf8IsShownValid) {
  TempDir folder;
  WriteTextFile(folder / "exp\xE9rt.csv",
                std::string(kHeader) + "2019-10-12 10:00:00 UTC,view,7,70,,acme,x,1001,s\n");
  auto result = ChurnRadar("features --logs 'exp\xE9rt.csv' --out run -q", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("exp\xEF\xBF\xBDrt.csv:2: column 'price'"));
  EXPECT_EQ(events::ValidUtf8(result.err), result.err);
}

// 4. A NUL byte in a field cut the message at it (what() is a C string).
TEST(BadLogsTest, ANulByteInAFieldDoesNotCutTheMessageShort) {
  TempDir folder;
  WriteLogs(
      folder / "logs",
      std::string("2019-10-12 10:00:00 UTC,view,500001756") + '\0' + "9,70,,acme,1.00,1001,s\n",
      "");
  auto result = ChurnRadar("features --logs logs --out run -q", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("logs/2019-Oct.csv:82: column 'product_id'"));
  EXPECT_THAT(result.err, HasSubstr("found '500001756\\09'"));
  EXPECT_THAT(result.err, HasSubstr("(set on_bad_row: skip to count bad rows instead)"))
      << "the message goes on past the NUL";
}

// 7. An event dated 2099 in November's file stretched the logs' span.
TEST(BadLogsTest, AnEventFarOutsideItsMonthStopsStrictMode) {
  TempDir folder;
  WriteLogs(folder / "logs", "", "2099-11-03 10:00:00 UTC,view,8,70,,acme,3.00,1000,x\n");
  auto result = ChurnRadar("features --logs logs --out run -q", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err,
              HasSubstr("logs/2019-Nov.csv:23: column 'event_time': expected a time in 2019-11, "
                        "the month the file is named for (give or take a day), found "
                        "'2099-11-03 10:00:00 UTC'"));
}

TEST(BadLogsTest, SkipModeCountsEventsOutsideTheirMonthAndKeepsThemOutOfTheSpan) {
  TempDir folder;
  WriteLogs(folder / "logs", "2019-09-02 10:00:00 UTC,view,8,70,,acme,3.00,1000,x\n",
            "2099-11-03 10:00:00 UTC,view,8,70,,acme,3.00,1000,x\n"
            "2019-12-01 12:00:00 UTC,view,8,70,,acme,3.00,1000,x\n");  // within a day: kept
  WriteTextFile(folder / "skip.yaml", "features:\n  on_bad_row: skip\n  max_bad_fraction: 0.1\n");
  auto result = ChurnRadar("features --config skip.yaml --logs logs --out run", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json report = Report(folder / "run");
  EXPECT_EQ(report["files"][0]["skipped"]["outside_month"], 1);
  EXPECT_EQ(report["files"][1]["skipped"]["outside_month"], 1);
  EXPECT_EQ(report["files"][0]["first_event"], "2019-10-10");
  EXPECT_EQ(report["files"][1]["last_event"], "2019-12-01");
  EXPECT_THAT(result.out, HasSubstr("2019-Nov.csv: 23 rows read, 22 events, 1 outside_month"));
  EXPECT_THAT(result.out, HasSubstr("snapshot 2019-11-01"));
  EXPECT_THAT(result.err, HasSubstr("e.g. line 23: column 'event_time': expected a time in "
                                    "2019-11"));
}

}  // namespace
}  // namespace churn::e2e

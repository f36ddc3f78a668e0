// `churn-radar features` end to end: the processed tables, the point-in-time
// promise, other layouts and bad input, as a user meets them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

std::vector<std::string> Lines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// The rows of one snapshot, without their label: user_id,snapshot,features.
std::map<std::string, std::string> FeaturesOf(const std::filesystem::path& table,
                                              const std::string& snapshot) {
  std::map<std::string, std::string> rows;
  for (const std::string& line : Lines(table)) {
    std::size_t first_comma = line.find(',');
    if (line.compare(first_comma + 1, snapshot.size(), snapshot) == 0) {
      rows[line.substr(0, first_comma)] = line.substr(0, line.rfind(','));
    }
  }
  return rows;
}

TEST(FeaturesTest, WritesTheTablesTheColumnsAndTheReport) {
  TempDir folder;
  ASSERT_EQ(
      ChurnRadar("make-dataset --demo --users 1500 --months 3 --output logs -q", folder.path())
          .exit_code,
      0);
  auto result = ChurnRadar("features --logs logs --out run", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("snapshot 2019-11-01"));
  EXPECT_THAT(result.out, HasSubstr("snapshot 2019-12-01"));
  EXPECT_THAT(result.out, HasSubstr("(test)"));
  EXPECT_THAT(result.out, HasSubstr("split: out_of_time"));
  EXPECT_THAT(result.err,
              HasSubstr("no snapshot at 2020-01-01: its label window runs to 2020-02-01"));

  std::vector<std::string> train = Lines(folder / "run/data/processed_train.csv");
  std::vector<std::string> test = Lines(folder / "run/data/processed_test.csv");
  ASSERT_GT(train.size(), 100U);
  ASSERT_GT(test.size(), 100U);
  EXPECT_EQ(train[0], test[0]);
  EXPECT_THAT(train[0],
              ::testing::StartsWith("user_id,snapshot,clicks,purchases,avg_session_time,"));
  EXPECT_THAT(train[0], ::testing::EndsWith(",churn"));
  EXPECT_THAT(train[1], ::testing::ContainsRegex("^[0-9]+,2019-11-01,"));
  EXPECT_THAT(test[1], ::testing::ContainsRegex("^[0-9]+,2019-12-01,"));

  auto columns = nlohmann::json::parse(ReadTextFile(folder / "run/models/feature_columns.json"));
  std::string header = train[0];
  std::string expected = "user_id,snapshot";
  for (const auto& name : columns["features"]) {
    expected.push_back(',');
    expected.append(name.get<std::string>());  // not `"," + name`: GCC 12 warns falsely on it
  }
  EXPECT_EQ(header, expected + ",churn") << "feature_columns.json fixes the column order";

  auto report = nlohmann::json::parse(ReadTextFile(folder / "run/data/features_report.json"));
  EXPECT_EQ(report["split"], "out_of_time");
  EXPECT_EQ(report["files"].size(), 3U);
  EXPECT_EQ(report["snapshots"].size(), 2U);
  EXPECT_EQ(report["skipped_cutoffs"][0]["cutoff"], "2020-01-01");
  double churn_rate = report["snapshots"][1]["churn_rate"];
  EXPECT_GT(churn_rate, 0.15);
  EXPECT_LT(churn_rate, 0.5);
}

// Appending events after a cutoff (a later month's file grows) never changes
// the features of that cutoff's snapshot.
TEST(FeaturesTest, EventsAfterTheCutoffNeverChangeItsFeatures) {
  TempDir folder;
  ASSERT_EQ(ChurnRadar("make-dataset --demo --users 800 --months 3 --output logs -q", folder.path())
                .exit_code,
            0);
  ASSERT_EQ(ChurnRadar("features --logs logs --out before -q", folder.path()).exit_code, 0);
  std::vector<std::string> october = Lines(folder / "logs/2019-Oct.csv");
  std::string extra;
  for (std::size_t line_idx = 1; line_idx < october.size(); line_idx += 3) {
    // The same user, a month later: after the first cutoff.
    std::string line = "2019-11" + october[line_idx].substr(7);
    if (line.starts_with("2019-11-31")) {
      line[9] = '0';  // November has 30 days
    }
    extra += line + "\n";
  }
  std::ofstream(folder / "logs/2019-Nov.csv", std::ios::app) << extra;
  ASSERT_EQ(ChurnRadar("features --logs logs --out after -q", folder.path()).exit_code, 0);
  auto before = FeaturesOf(folder / "before/data/processed_train.csv", "2019-11-01");
  auto after = FeaturesOf(folder / "after/data/processed_train.csv", "2019-11-01");
  ASSERT_GT(before.size(), 50U);
  EXPECT_EQ(before, after);
}

TEST(FeaturesTest, StrictModeNamesFileLineColumnAndWhatWasFound) {
  TempDir folder;
  WriteTextFile(folder / "logs/2019-Oct.csv",
                "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
                "user_session\n"
                "2019-10-01 00:00:05 UTC,view,1,2,,b,1.00,5,s\n"
                "2019-10-01 00:00:06 UTC,view,1,2,,b,abc,5,s\n");
  WriteTextFile(folder / "logs/2019-Nov.csv",
                "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
                "user_session\n");
  auto result = ChurnRadar("features --logs logs --out run -q", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("2019-Oct.csv:3: column 'price'"));
  EXPECT_THAT(result.err, HasSubstr("found 'abc'"));
  EXPECT_FALSE(std::filesystem::exists(folder / "run/data/processed_train.csv"));
}

TEST(FeaturesTest, UciOnlineRetailLayoutThroughTheConfig) {
  TempDir folder;
  std::string header =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
  WriteTextFile(folder / "logs/2011-Oct.csv",
                header +
                    "1,A1,\"CUP, RED\",2,2011-10-03 10:00:00,2.50,100.0,UK\n"
                    "2,A2,PLATE,1,2011-10-05 11:00:00,4.00,200.0,UK\n"
                    "3,A2,PLATE,1,2011-10-06 11:00:00,4.00,,UK\n"
                    "C4,A2,PLATE,-1,2011-10-07 11:00:00,4.00,200.0,UK\n");
  WriteTextFile(folder / "logs/2011-Nov.csv",
                header +
                    "5,A1,\"CUP, RED\",1,2011-11-03 10:00:00,2.50,100.0,UK\n"
                    "6,A3,BOWL,1,2011-11-30 09:00:00,3.00,300.0,UK\n");
  // Strict by default, and yet a line item without a customer is no error:
  // it is counted and skipped, as guest sales are.
  WriteTextFile(folder / "uci.yaml", "features:\n  layout: uci_online_retail\n");
  auto result = ChurnRadar("features --config uci.yaml --logs logs --out run", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("split: stratified_users"));
  auto report = nlohmann::json::parse(ReadTextFile(folder / "run/data/features_report.json"));
  EXPECT_EQ(report["files"][0]["skipped"]["missing_customer"], 1);
  std::string tables = ReadTextFile(folder / "run/data/processed_train.csv") +
                       ReadTextFile(folder / "run/data/processed_test.csv");
  EXPECT_THAT(tables, HasSubstr("100.0,2011-11-01,"));
  EXPECT_THAT(tables, HasSubstr("200.0,2011-11-01,"));
}

// The real sample: one undated file of 13 months of line items, out of time
// order, with guest sales; the span comes from its events.
TEST(FeaturesTest, TheRealUciSampleRunsAsOneUndatedFile) {
  std::filesystem::path sample =
      CHURN_SHARED_DIR "/data/real/online-retail-lines-sample30k/OnlineRetail.csv";
  if (!std::filesystem::exists(sample)) {
    GTEST_SKIP() << "shared sample data not present at " << sample
                 << " (it ships beside the project's checkout, not in it)";
  }
  TempDir folder;
  WriteTextFile(folder / "uci.yaml", "features:\n  layout: uci_online_retail\n");
  auto result = ChurnRadar("features --config uci.yaml --out run --logs '" + sample.string() + "'",
                           folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("OnlineRetail.csv: 30000 rows read, 28000 events, 2000 "
                                    "missing_customer"));
  EXPECT_THAT(result.out, HasSubstr("snapshot 2011-11-01"));
  EXPECT_THAT(result.out, HasSubstr("(test)"));
  EXPECT_THAT(result.err, HasSubstr("no snapshot at 2011-12-01"));
  EXPECT_THAT(result.err, HasSubstr("past the end of the logs (2011-12-10)"));
}

// A month whose file stops early (or holds no row) does not cover a label
// window: no snapshot may label everyone in it a churner.
TEST(FeaturesTest, AMonthWithoutEventsCoversNoLabelWindow) {
  TempDir folder;
  ASSERT_EQ(ChurnRadar("make-dataset --demo --users 500 --months 2 --output logs -q", folder.path())
                .exit_code,
            0);
  WriteTextFile(folder / "logs/2019-Dec.csv",
                "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
                "user_session\n");
  auto result = ChurnRadar("features --logs logs --out run", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, ::testing::Not(HasSubstr("snapshot 2019-12-01")));
  EXPECT_THAT(result.err,
              HasSubstr("no snapshot at 2019-12-01: its label window runs to 2020-01-01, "
                        "past the end of the logs (2019-12-01)"));
}

TEST(FeaturesTest, MissingMonthsAndTooShortLogsAreClearErrors) {
  TempDir folder;
  std::string header =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
      "user_session\n";
  WriteTextFile(folder / "gap/2019-Oct.csv", header);
  WriteTextFile(folder / "gap/2019-Dec.csv", header);
  auto gap = ChurnRadar("features --logs gap --out run -q", folder.path());
  EXPECT_EQ(gap.exit_code, 1);
  EXPECT_THAT(gap.err, HasSubstr("the logs skip 2019-11"));

  WriteTextFile(folder / "one/2019-Oct.csv", header);
  auto one = ChurnRadar("features --logs one --out run -q", folder.path());
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_THAT(one.err, HasSubstr("cover no snapshot"));
}

}  // namespace
}  // namespace churn::e2e

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
  EXPECT_THAT(result.out, HasSubstr("split: out of time (the latest snapshot tests); "));
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
  EXPECT_EQ(header, expected +
                        ",repeat_purchase_days,purchase_span_days,days_since_first_purchase,"
                        "repeat_purchase_value,churn")
      << "feature_columns.json fixes the columns' order; the purchase history follows them";
  EXPECT_EQ(columns["features"].size(), 47U) << "the purchase history is not a model feature";

  auto report = nlohmann::json::parse(ReadTextFile(folder / "run/data/features_report.json"));
  EXPECT_EQ(report["split"], "out_of_time");
  EXPECT_EQ(report["files"].size(), 3U);
  EXPECT_EQ(report["snapshots"].size(), 2U);
  EXPECT_EQ(report["skipped_cutoffs"][0]["cutoff"], "2020-01-01");
  double churn_rate = report["snapshots"][1]["churn_rate"];
  EXPECT_GT(churn_rate, 0.15);
  EXPECT_LT(churn_rate, 0.5);
}

// The tables are the same bytes whatever the threads and the memory budget,
// down to a budget so small that every partition spills; the report says
// what spilled, and the spill folder is gone after the run.
TEST(FeaturesTest, TheTablesDoNotDependOnThreadsOrTheMemoryLimit) {
  TempDir folder;
  ASSERT_EQ(
      ChurnRadar("make-dataset --demo --users 2000 --months 3 --output logs -q", folder.path())
          .exit_code,
      0);
  struct Run {
    std::string name;
    int threads;
    std::string options;
  };
  for (const Run& run :
       {Run{"one", 1, ""}, Run{"three", 3, ""}, Run{"spilled", 2, "--memory-limit 1MB"}}) {
    WriteTextFile(folder / (run.name + ".yaml"),
                  "features:\n  threads: " + std::to_string(run.threads) + "\n");
    auto result = ChurnRadar(
        "features --config " + run.name + ".yaml --logs logs --out " + run.name + " " + run.options,
        folder.path());
    ASSERT_EQ(result.exit_code, 0) << run.name << ": " << result.err;
  }
  for (const char* table : {"data/processed_train.csv", "data/processed_test.csv"}) {
    std::string expected = ReadTextFile(folder / "one" / table);
    EXPECT_GT(expected.size(), 1000U);
    EXPECT_EQ(ReadTextFile(folder / "three" / table), expected) << table;
    EXPECT_EQ(ReadTextFile(folder / "spilled" / table), expected) << table;
  }
  auto memory = [&](const std::string& name) {
    return nlohmann::json::parse(
        ReadTextFile(folder / name / "data/features_report.json"))["memory"];
  };
  EXPECT_FALSE(memory("one")["spilled"]);
  EXPECT_EQ(memory("one")["spilled_bytes"], 0);
  EXPECT_TRUE(memory("spilled")["spilled"]);
  EXPECT_EQ(memory("spilled")["memory_limit_bytes"], 1000000);
  EXPECT_GT(memory("spilled")["spilled_partitions"].get<int>(), 0);
  EXPECT_GT(memory("spilled")["spilled_bytes"].get<std::int64_t>(), 0);
  EXPECT_GT(memory("spilled")["peak_resident_bytes"].get<std::int64_t>(), 0);
  // A run that died (here: a process id no process has) left its folder.
  WriteTextFile(folder / "one/data/churn-spill.999999999.0/partition-001.events", "cut");
  ASSERT_EQ(
      ChurnRadar("features --config one.yaml --logs logs --out one -q", folder.path()).exit_code,
      0);
  EXPECT_FALSE(std::filesystem::exists(folder / "one/data/churn-spill.999999999.0"))
      << "the next run removes it";
  for (const auto& entry : std::filesystem::directory_iterator(folder / "spilled/data")) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr("churn-spill")))
        << "the spill folder is removed after the run";
  }
}

TEST(FeaturesTest, ABadMemoryLimitIsAClearError) {
  TempDir folder;
  auto flag = ChurnRadar("features --logs logs --out run --memory-limit lots -q", folder.path());
  EXPECT_EQ(flag.exit_code, 2) << flag.err;
  EXPECT_THAT(flag.err, HasSubstr("--memory-limit"));
  WriteTextFile(folder / "bad.yaml", "features:\n  memory_limit: 12 parsecs\n");
  auto config = ChurnRadar("features --config bad.yaml --logs logs --out run -q", folder.path());
  EXPECT_NE(config.exit_code, 0);
  EXPECT_THAT(config.err, HasSubstr("features.memory_limit must be a size such as 256MB"));
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
  EXPECT_THAT(result.out, HasSubstr("split: one snapshot, a share of its users held out to test"));
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
  EXPECT_THAT(result.out, HasSubstr("OnlineRetail.csv: 30000 rows read, 28000 events, 25 "
                                    "duplicate_rows, 2000 missing_customer"))
      << "the sample repeats 25 line items exactly, as the whole UCI set does";
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

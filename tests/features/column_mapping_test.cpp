#include "features/column_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "errors/error.h"
#include "events/csv_header.h"
#include "events/csv_line_splitter.h"
#include "events/line_reader.h"
#include "features/event_row_parser.h"
#include "features/log_times.h"

namespace churn::features {
namespace {

using events::EventType;
using events::RowIssue;
using ::testing::ElementsAre;

TEST(ColumnMappingTest, Rees46NamesTheRees46Columns) {
  const ColumnMapping mapping = ColumnMapping::Rees46();
  EXPECT_EQ(mapping.event_time, "event_time");
  EXPECT_EQ(mapping.event_type, "event_type");
  EXPECT_EQ(mapping.product_id, "product_id");
  EXPECT_EQ(mapping.category_id, "category_id");
  EXPECT_EQ(mapping.category_code, "category_code");
  EXPECT_EQ(mapping.brand, "brand");
  EXPECT_EQ(mapping.price, "price");
  EXPECT_EQ(mapping.quantity, "");
  EXPECT_EQ(mapping.user_id, "user_id");
  EXPECT_EQ(mapping.session, "user_session");
  EXPECT_TRUE(mapping.numeric_ids);
  EXPECT_EQ(mapping.cancellation_prefix, "");
  EXPECT_NO_THROW(mapping.Validate());
}

TEST(ColumnMappingTest, UciOnlineRetailNamesTheLineItemColumns) {
  const ColumnMapping mapping = ColumnMapping::UciOnlineRetail();
  EXPECT_EQ(mapping.event_time, "InvoiceDate");
  EXPECT_EQ(mapping.event_type, "");
  EXPECT_EQ(mapping.product_id, "StockCode");
  EXPECT_EQ(mapping.category_id, "");
  EXPECT_EQ(mapping.category_code, "");
  EXPECT_EQ(mapping.brand, "");
  EXPECT_EQ(mapping.price, "UnitPrice");
  EXPECT_EQ(mapping.quantity, "Quantity");
  EXPECT_EQ(mapping.user_id, "CustomerID");
  EXPECT_EQ(mapping.session, "InvoiceNo");
  EXPECT_FALSE(mapping.numeric_ids);
  EXPECT_EQ(mapping.cancellation_prefix, "C");
  EXPECT_NO_THROW(mapping.Validate());
}

// Each required column, emptied on its own, is named by its config key.
TEST(ColumnMappingTest, ValidateNamesTheKeyOfAnEmptyRequiredColumn) {
  const std::pair<std::string ColumnMapping::*, std::string> kRequired[] = {
      {&ColumnMapping::event_time, "columns.event_time must name a column"},
      {&ColumnMapping::product_id, "columns.product_id must name a column"},
      {&ColumnMapping::price, "columns.price must name a column"},
      {&ColumnMapping::user_id, "columns.user_id must name a column"},
      {&ColumnMapping::session, "columns.session must name a column"},
  };
  for (const auto& [member, message] : kRequired) {
    ColumnMapping mapping;
    mapping.*member = "";
    try {
      mapping.Validate();
      ADD_FAILURE() << "expected ConfigError: " << message;
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

TEST(ColumnMappingTest, ValidateAcceptsEmptyOptionalColumns) {
  ColumnMapping mapping;
  mapping.event_type = "";
  mapping.category_id = "";
  mapping.category_code = "";
  mapping.brand = "";
  mapping.quantity = "";
  mapping.cancellation_prefix = "";
  EXPECT_NO_THROW(mapping.Validate());
}

// Each mapping against files in its layout, read as the feature engine reads
// them: LineReader, CsvHeader and EventRowParser.

struct ParsedLog {
  std::vector<LogEvent> events;
  std::vector<std::string> user_ids;  // copies: LogEvent::user_id dies with the line
  events::RowIssueCounts issues;
  std::vector<std::string> problem_texts;
  std::int64_t rows = 0;
  bool last_line_unterminated = false;
};

// Reads a whole log with LineReader and parses every data line.
ParsedLog ParseLog(const std::filesystem::path& path, const ColumnMapping& mapping) {
  events::LineReader reader(path);
  std::string_view line;
  EXPECT_TRUE(reader.Next(&line));
  const events::CsvHeader header(line, path);
  EventRowParser parser(header, mapping);
  ParsedLog log;
  LogEvent event;
  RowProblem problem;
  while (reader.Next(&line)) {
    ++log.rows;
    if (parser.Parse(line, &event, &problem)) {
      log.events.push_back(event);
      log.user_ids.emplace_back(event.user_id);
    } else {
      log.issues.Add(problem.issue);
      log.problem_texts.push_back(problem.Describe());
    }
  }
  log.last_line_unterminated = reader.last_line_unterminated();
  return log;
}

TEST(UciFixtureTest, ParsesTheSmallFixture) {
  const ParsedLog log =
      ParseLog(std::filesystem::path(CHURN_FIXTURES_DIR) / "uci_online_retail_small.csv",
               ColumnMapping::UciOnlineRetail());
  EXPECT_EQ(log.rows, 13);
  ASSERT_EQ(log.events.size(), 11U);
  EXPECT_EQ(log.issues.Count(RowIssue::kMissingCustomer), 2);
  EXPECT_EQ(log.issues.Total(), 2);
  EXPECT_THAT(log.problem_texts,
              ElementsAre("column 'CustomerID': expected a customer id, found ''",
                          "column 'CustomerID': expected a customer id, found ''"));
  std::vector<std::int64_t> amounts;
  int cancellations = 0;
  for (const LogEvent& event : log.events) {
    amounts.push_back(event.amount_cents);
    cancellations += event.type == EventType::kRemoveFromCart ? 1 : 0;
  }
  EXPECT_THAT(amounts, ElementsAre(1530, 2034, 1110, 5408, -2750, -465, 65, 348, 1500, 830, 1008));
  EXPECT_EQ(cancellations, 2);
  EXPECT_EQ(log.user_ids[4], "14527.0");
  // The description "KEY FOB , GARAGE DESIGN" is quoted; its comma splits nothing.
  EXPECT_EQ(log.events[6].product_key, KeyOf("21899"));
  EXPECT_EQ(log.events[6].time, kDec1st2010 + 35 * 86400 + 11 * 3600 + 41 * 60);
  EXPECT_EQ(log.events[7].product_key, KeyOf("22616"));
  EXPECT_EQ(log.events[7].session_key, KeyOf("540158"));
}

const std::filesystem::path kSharedReal = std::filesystem::path(CHURN_SHARED_DIR) / "data/real";

// A random 30,000-line sample of UCI Online Retail (see its PROVENANCE.md).
TEST(UciRealDataTest, ParsesEveryLineItemOfTheSample) {
  const std::filesystem::path path =
      kSharedReal / "online-retail-lines-sample30k" / "OnlineRetail.csv";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "real data absent: " << path << " (the shared data folder is not mounted)";
  }
  const ParsedLog log = ParseLog(path, ColumnMapping::UciOnlineRetail());

  // Count rows without a customer and cancellation invoices independently, by
  // splitting every line with the general CSV splitter.
  std::int64_t empty_customers = 0;
  std::int64_t cancellations_with_customer = 0;
  events::LineReader reader(path);
  std::string_view line;
  reader.Next(&line);
  events::CsvLineSplitter splitter;
  while (reader.Next(&line)) {
    const auto fields = splitter.Split(line);
    ASSERT_TRUE(fields.has_value()) << line;
    ASSERT_EQ(fields->size(), 8U) << line;
    const bool no_customer = (*fields)[6].empty();
    empty_customers += no_customer ? 1 : 0;
    cancellations_with_customer += !no_customer && (*fields)[0].starts_with("C") ? 1 : 0;
  }

  EXPECT_EQ(log.rows, 30000);
  EXPECT_EQ(log.issues.Total(), log.issues.Count(RowIssue::kMissingCustomer));
  EXPECT_EQ(log.issues.Count(RowIssue::kMissingCustomer), empty_customers);
  EXPECT_EQ(empty_customers, 2000);  // as PROVENANCE.md measured
  EXPECT_EQ(static_cast<std::int64_t>(log.events.size()), 30000 - empty_customers);
  std::int64_t cancellations = 0;
  for (const LogEvent& event : log.events) {
    if (event.type == EventType::kRemoveFromCart) {
      ++cancellations;
      EXPECT_LE(event.amount_cents, 0);
    }
    EXPECT_GE(event.time, kDec1st2010);
    EXPECT_LT(event.time, kDec1st2010 + 375 * 86400);  // before 2011-12-11
  }
  EXPECT_EQ(cancellations, cancellations_with_customer);
  // 620 cancellation lines in all (PROVENANCE.md), a few of them anonymous.
  EXPECT_GT(cancellations, 500);
  EXPECT_LE(cancellations, 620);
}

// The first 17,435 rows of the REES46 October 2019 log: CRLF endings, and a
// last line cut short in the middle of its user_id.
TEST(Rees46RealDataTest, ParsesEveryCompleteLine) {
  const std::filesystem::path path = kSharedReal / "rees46-multicat-2019oct-head" / "2019-Oct.csv";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "real data absent: " << path << " (the shared data folder is not mounted)";
  }
  const ParsedLog log = ParseLog(path, ColumnMapping::Rees46());
  EXPECT_EQ(log.rows, 17435);
  ASSERT_EQ(log.events.size(), 17434U);
  // The cut line ("...,25.71,52040330") lost its comma and user_session, so it
  // has 8 fields: the parser cannot tell it from any short row, and says so.
  EXPECT_TRUE(log.last_line_unterminated);
  EXPECT_EQ(log.issues.Total(), 1);
  EXPECT_THAT(log.problem_texts, ElementsAre("expected 9 fields, found 8 fields"));
  std::map<EventType, int> type_counts;
  std::int64_t revenue_cents = 0;
  for (const LogEvent& event : log.events) {
    ++type_counts[event.type];
    revenue_cents += event.type == EventType::kPurchase ? event.amount_cents : 0;
    EXPECT_GE(event.time, kOct1st2019);
    EXPECT_LE(event.time, kOct1st2019 + 2 * 3600 + 50 * 60);
  }
  EXPECT_EQ(type_counts[EventType::kView], 17055);
  EXPECT_EQ(type_counts[EventType::kCart], 165);
  EXPECT_EQ(type_counts[EventType::kPurchase], 214);
  EXPECT_EQ(type_counts[EventType::kRemoveFromCart], 0);
  EXPECT_EQ(revenue_cents, 5944263);
  EXPECT_EQ(log.user_ids.front(), "541312140");
  EXPECT_EQ(log.events.front().session_key, KeyOf("72d76fde-8bb3-4e00-8c23-a032dfed738c"));
}

}  // namespace
}  // namespace churn::features

#include "features/event_row_parser.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "errors/error.h"
#include "events/csv_line_splitter.h"
#include "events/event_time.h"
#include "features/log_times.h"

namespace churn::features {
namespace {

using events::EventType;
using events::RowIssue;
using ::testing::ElementsAre;
using ::testing::StrEq;
using ::testing::ThrowsMessage;

constexpr std::string_view kRees46Header =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";
constexpr std::string_view kUciHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

// A real REES46 row with one field replaced, for the bad-field cases.
std::string Rees46Row(std::string_view field_name, std::string_view value) {
  constexpr std::pair<std::string_view, std::string_view> kFields[] = {
      {"event_time", "2019-10-01 00:00:00 UTC"},
      {"event_type", "view"},
      {"product_id", "44600062"},
      {"category_id", "2103807459595387724"},
      {"category_code", ""},
      {"brand", "shiseido"},
      {"price", "35.79"},
      {"user_id", "541312140"},
      {"user_session", "72d76fde-8bb3-4e00-8c23-a032dfed738c"}};
  std::string row;
  for (const auto& [name, real_value] : kFields) {
    row.append(name == kFields[0].first ? "" : ",").append(name == field_name ? value : real_value);
  }
  return row;
}

// Parses one line with a fresh REES46 parser; the problem when it fails.
std::optional<RowProblem> Rees46Problem(std::string_view line) {
  const events::CsvHeader header(kRees46Header, "2019-Oct.csv");
  EventRowParser parser(header, ColumnMapping::Rees46());
  LogEvent event;
  RowProblem problem;
  if (parser.Parse(line, &event, &problem)) {
    return std::nullopt;
  }
  return problem;
}

MATCHER_P3(IsProblem, issue, column, found, "") {
  return arg.has_value() && arg->issue == issue && arg->column == column && arg->found == found;
}

std::string Describe(const std::optional<RowProblem>& problem) {
  return problem ? problem->Describe() : "no problem";
}

class Rees46ParserTest : public ::testing::Test {
 protected:
  const events::CsvHeader header_{kRees46Header, "2019-Oct.csv"};
  EventRowParser parser_{header_, ColumnMapping::Rees46()};
  LogEvent event_;
  RowProblem problem_;

  // Parses a line that must parse, and returns its time.
  std::int64_t TimeOf(std::string_view time_text) {
    const std::string row = Rees46Row("event_time", time_text);
    EXPECT_TRUE(parser_.Parse(row, &event_, &problem_)) << problem_.Describe();
    return event_.time;
  }
};

TEST_F(Rees46ParserTest, ParsesARealView) {
  const std::string line =
      "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,"
      "72d76fde-8bb3-4e00-8c23-a032dfed738c";
  ASSERT_TRUE(parser_.Parse(line, &event_, &problem_)) << problem_.Describe();
  EXPECT_EQ(event_.time, kOct1st2019);
  EXPECT_EQ(event_.type, EventType::kView);
  EXPECT_EQ(event_.user_id, "541312140");
  EXPECT_EQ(event_.user_key, KeyOf("541312140"));
  EXPECT_EQ(event_.session_key, KeyOf("72d76fde-8bb3-4e00-8c23-a032dfed738c"));
  EXPECT_EQ(event_.product_key, KeyOf("44600062"));
  EXPECT_EQ(event_.category_key, KeyOf("2103807459595387724"));
  EXPECT_EQ(event_.brand_key, KeyOf("shiseido"));
  EXPECT_EQ(event_.price_cents, 3579);
  EXPECT_EQ(event_.amount_cents, 3579);
  EXPECT_EQ(parser_.user_column(), 7U);
}

TEST_F(Rees46ParserTest, ParsesAPurchaseWithoutBrand) {
  const std::string line =
      "2019-10-01 02:17:59 UTC,purchase,1004856,2053013555631882655,electronics.smartphone,,"
      "130.76,543272936,8187d148-3c41-46d4-b0c0-9c08cd9dc564";
  ASSERT_TRUE(parser_.Parse(line, &event_, &problem_)) << problem_.Describe();
  EXPECT_EQ(event_.time, kOct1st2019 + 2 * 3600 + 17 * 60 + 59);
  EXPECT_EQ(event_.type, EventType::kPurchase);
  EXPECT_EQ(event_.user_id, "543272936");
  EXPECT_EQ(event_.brand_key, 0U);
  EXPECT_EQ(event_.price_cents, 13076);
  EXPECT_EQ(event_.amount_cents, 13076);
}

TEST_F(Rees46ParserTest, ReadsQuotedFields) {
  const std::string line =
      R"("2019-10-01 00:00:05 UTC",cart,1004237,2053013555631882655,"electronics,smartphone",)"
      R"("say ""hi""",1081.98,"535871217",c6bd7419-2748-4c56-95b4-8cec9ff8b80d)";
  ASSERT_TRUE(parser_.Parse(line, &event_, &problem_)) << problem_.Describe();
  EXPECT_EQ(event_.time, kOct1st2019 + 5);
  EXPECT_EQ(event_.type, EventType::kCart);
  EXPECT_EQ(event_.user_id, "535871217");
  EXPECT_EQ(event_.user_key, KeyOf("535871217"));
  EXPECT_EQ(event_.brand_key, KeyOf(R"(say "hi")"));
  EXPECT_EQ(event_.price_cents, 108198);
}

// Lines without quotes are split by a scan 64 bytes at a time; it must find
// the same fields as the CSV splitter wherever the commas fall, in lines of
// one to several blocks.
TEST(SplitUnquotedTest, AgreesWithTheCsvSplitter) {
  events::CsvLineSplitter splitter;
  std::vector<std::string_view> fields;
  for (std::size_t field_count = 1; field_count <= 40; ++field_count) {
    for (std::size_t width = 0; width <= 9; ++width) {
      std::string line;
      for (std::size_t field_idx = 0; field_idx < field_count; ++field_idx) {
        if (field_idx > 0) {
          line += ',';
        }
        line.append((field_idx * width + field_idx) % 11, static_cast<char>('a' + field_idx));
      }
      SplitUnquoted(line, &fields);
      const auto expected = splitter.Split(line);
      ASSERT_TRUE(expected.has_value());
      EXPECT_TRUE(std::equal(fields.begin(), fields.end(), expected->begin(), expected->end()))
          << line;
    }
  }
  SplitUnquoted("a,,b,", &fields);
  EXPECT_THAT(fields, ElementsAre("a", "", "b", ""));
  SplitUnquoted("", &fields);
  EXPECT_THAT(fields, ElementsAre(""));
}

// Wherever the line's length puts its last quote, in a full word of the scan
// or in the bytes left after it, the line goes to the CSV splitter.
TEST_F(Rees46ParserTest, FindsAQuoteInTheLastBytesOfTheLine) {
  for (std::size_t padding = 0; padding < 8; ++padding) {
    // Built with fmt: GCC 12 at -O3 sees a false -Wrestrict in "\"" + std::string.
    const std::string session = fmt::format("\"{}s,1\"", std::string(padding, 'x'));
    ASSERT_TRUE(parser_.Parse(Rees46Row("user_session", session), &event_, &problem_))
        << session << ": " << problem_.Describe();
    EXPECT_EQ(event_.session_key, KeyOf(std::string(padding, 'x') + "s,1"));
    const std::string open_session = fmt::format("\"{}s1", std::string(padding, 'x'));
    EXPECT_FALSE(parser_.Parse(Rees46Row("user_session", open_session), &event_, &problem_));
    EXPECT_EQ(problem_.issue, RowIssue::kUnterminatedQuote) << open_session;
  }
}

TEST_F(Rees46ParserTest, ReportsAnUnterminatedQuote) {
  const std::string line = Rees46Row("brand", "\"shiseido");
  EXPECT_FALSE(parser_.Parse(line, &event_, &problem_));
  EXPECT_EQ(problem_.issue, RowIssue::kUnterminatedQuote);
  EXPECT_EQ(problem_.column, "");
  EXPECT_EQ(problem_.Describe(), "expected a closing quote, found the end of the line");
}

TEST_F(Rees46ParserTest, ReportsTooFewTooManyOrNoFields) {
  const std::string line = Rees46Row("event_type", "view");
  const std::string short_line = line.substr(0, line.rfind(','));
  EXPECT_FALSE(parser_.Parse(short_line, &event_, &problem_));
  EXPECT_EQ(problem_.issue, RowIssue::kWrongFieldCount);
  EXPECT_EQ(problem_.column, "");
  EXPECT_EQ(problem_.expected, "9 fields");
  EXPECT_EQ(problem_.found, "8 fields");
  EXPECT_EQ(problem_.Describe(), "expected 9 fields, found 8 fields");

  EXPECT_FALSE(parser_.Parse(line + ",extra", &event_, &problem_));
  EXPECT_EQ(problem_.issue, RowIssue::kWrongFieldCount);
  EXPECT_EQ(problem_.found, "10 fields");
  // A comma inside quotes does not count: the quoted line has 9 fields.
  EXPECT_TRUE(parser_.Parse(Rees46Row("brand", "\"a,b\""), &event_, &problem_));
  EXPECT_FALSE(parser_.Parse("", &event_, &problem_));
  EXPECT_EQ(problem_.issue, RowIssue::kEmptyLine);
  EXPECT_EQ(problem_.Describe(), "expected 9 fields, found an empty line");
}

// Lines are scanned 64 bytes at a time: wherever a comma falls, in a full
// block, at its first or last byte, or in the bytes after the last full
// chunk, every field comes out whole.
TEST_F(Rees46ParserTest, SplitsLinesOfEveryLengthAcrossBlocks) {
  for (std::size_t padding = 0; padding <= 150; ++padding) {
    const std::string brand(padding, 'b');
    const std::string line = Rees46Row("brand", brand);
    ASSERT_TRUE(parser_.Parse(line, &event_, &problem_)) << padding << ": " << problem_.Describe();
    EXPECT_EQ(event_.brand_key, KeyOf(brand)) << padding;
    EXPECT_EQ(event_.price_cents, 3579) << padding;
    EXPECT_EQ(event_.user_id, "541312140") << padding;
    EXPECT_EQ(event_.session_key, KeyOf("72d76fde-8bb3-4e00-8c23-a032dfed738c")) << padding;
  }
  // Past 512 bytes a line is split rather than read in one pass.
  for (std::size_t padding : {400, 420, 700}) {
    const std::string brand(padding, 'b');
    ASSERT_TRUE(parser_.Parse(Rees46Row("brand", brand), &event_, &problem_)) << padding;
    EXPECT_EQ(event_.brand_key, KeyOf(brand)) << padding;
    EXPECT_EQ(event_.price_cents, 3579) << padding;
  }
}

// Field counts are exact however far past the expected count the commas go,
// in one block or several.
TEST_F(Rees46ParserTest, CountsEveryFieldOfALineWithTooMany) {
  const std::string line = Rees46Row("event_type", "view");
  for (std::size_t extra : {1, 7, 8, 9, 30, 100}) {
    std::string longer = line;
    for (std::size_t field_idx = 0; field_idx < extra; ++field_idx) {
      longer += ",";
    }
    EXPECT_FALSE(parser_.Parse(longer, &event_, &problem_));
    EXPECT_EQ(problem_.Describe(), fmt::format("expected 9 fields, found {} fields", 9 + extra));
  }
  EXPECT_FALSE(parser_.Parse(",,,,,,,,,,,,,,,,,,,,", &event_, &problem_));
  EXPECT_EQ(problem_.Describe(), "expected 9 fields, found 21 fields");
  EXPECT_FALSE(parser_.Parse("x", &event_, &problem_));
  EXPECT_EQ(problem_.Describe(), "expected 9 fields, found 1 field");
}

// A layout with many short columns puts more than eight commas in one block
// of the scan.
TEST(EventRowParserTest, ReadsLinesWithManyCommasInOneBlock) {
  std::string header_line(kRees46Header);
  std::string extra_fields;
  for (int column_idx = 0; column_idx < 20; ++column_idx) {
    header_line += fmt::format(",x{}", column_idx);
    extra_fields += ",";
  }
  const events::CsvHeader header(header_line, "wide.csv");
  EventRowParser parser(header, ColumnMapping::Rees46());
  LogEvent event;
  RowProblem problem;
  const std::string line = "2019-10-01 00:00:01 UTC,cart,1,2,,,3.5,4,5" + extra_fields;
  ASSERT_TRUE(parser.Parse(line, &event, &problem)) << problem.Describe();
  EXPECT_EQ(event.type, EventType::kCart);
  EXPECT_EQ(event.product_key, KeyOf("1"));
  EXPECT_EQ(event.category_key, KeyOf("2"));
  EXPECT_EQ(event.brand_key, 0U);
  EXPECT_EQ(event.price_cents, 350);
  EXPECT_EQ(event.user_id, "4");
  EXPECT_EQ(event.session_key, KeyOf("5"));
  EXPECT_FALSE(parser.Parse(line + ",", &event, &problem));
  EXPECT_EQ(problem.Describe(), "expected 29 fields, found 30 fields");
  EXPECT_FALSE(parser.Parse(line.substr(0, line.size() - 1), &event, &problem));
  EXPECT_EQ(problem.Describe(), "expected 29 fields, found 28 fields");
}

// Parse reads REES46-like lines in one pass and splits the others; on any
// line, good or broken, it must give exactly what the split alone gives.
void ExpectOnePassAgreesWithSplit(std::string_view header_line,
                                  const std::vector<std::string>& seeds) {
  const events::CsvHeader header(header_line, "2019-Oct.csv");
  EventRowParser one_pass(header, ColumnMapping::Rees46());
  EventRowParser split(header, ColumnMapping::Rees46());
  constexpr std::string_view kAlphabet = ",\"0123456789.-: UTCviewcartpurchase\r\t";
  std::mt19937 random(7);
  int parsed = 0;
  for (int case_idx = 0; case_idx < 30000; ++case_idx) {
    std::string line = seeds[random() % seeds.size()];
    const int mutations = static_cast<int>(random() % 3);
    for (int mutation_idx = 0; mutation_idx < mutations && !line.empty(); ++mutation_idx) {
      const std::size_t at = random() % line.size();
      const char c = kAlphabet[random() % kAlphabet.size()];
      switch (random() % 3) {
        case 0:
          line[at] = c;
          break;
        case 1:
          line.erase(at, 1);
          break;
        default:
          line.insert(at, 1, c);
          break;
      }
    }
    LogEvent fast_event;
    LogEvent split_event;
    RowProblem fast_problem;
    RowProblem split_problem;
    const bool fast_ok = one_pass.Parse(line, &fast_event, &fast_problem);
    const bool split_ok = split.ParseBySplitting(line, &split_event, &split_problem);
    ASSERT_EQ(fast_ok, split_ok) << line << ": " << split_problem.Describe();
    if (fast_ok) {
      ++parsed;
      EXPECT_EQ(fast_event.time, split_event.time) << line;
      EXPECT_EQ(fast_event.type, split_event.type) << line;
      EXPECT_EQ(fast_event.user_id, split_event.user_id) << line;
      EXPECT_EQ(fast_event.user_key, split_event.user_key) << line;
      EXPECT_EQ(fast_event.session_key, split_event.session_key) << line;
      EXPECT_EQ(fast_event.product_key, split_event.product_key) << line;
      EXPECT_EQ(fast_event.category_key, split_event.category_key) << line;
      EXPECT_EQ(fast_event.brand_key, split_event.brand_key) << line;
      EXPECT_EQ(fast_event.price_cents, split_event.price_cents) << line;
      EXPECT_EQ(fast_event.amount_cents, split_event.amount_cents) << line;
    } else {
      EXPECT_EQ(fast_problem.issue, split_problem.issue) << line;
      EXPECT_EQ(fast_problem.Describe(), split_problem.Describe()) << line;
    }
  }
  EXPECT_GT(parsed, 5000);  // the mutations leave many lines good
}

TEST(EventRowParserTest, OnePassAgreesWithTheSplitOnMutatedLines) {
  ExpectOnePassAgreesWithSplit(
      kRees46Header,
      {Rees46Row("event_type", "view"), Rees46Row("event_time", "2019-10-01 23:59:59"),
       Rees46Row("price", "2.345"), Rees46Row("price", "0"), Rees46Row("category_id", ""),
       Rees46Row("brand", ""), Rees46Row("category_code", "appliances.kitchen.washer"),
       Rees46Row("event_type", "remove_from_cart"), Rees46Row("price", "123456789012.99")});
}

// Another column order, with an unmapped column and the user id last.
TEST(EventRowParserTest, OnePassAgreesWithTheSplitInAnyColumnOrder) {
  ExpectOnePassAgreesWithSplit(
      "price,event_type,extra,user_session,event_time,product_id,category_id,category_code,"
      "brand,user_id",
      {"35.79,view,x,72d76fde-8bb3-4e00-8c23-a032dfed738c,2019-10-01 00:00:00 UTC,44600062,"
       "2103807459595387724,,shiseido,541312140",
       "5,purchase,,s,2019-10-02 10:11:12,1,,,,9"});
}

TEST(EventRowParserTest, ReportsEachBadFieldWithItsColumnAndText) {
  EXPECT_THAT(Rees46Problem(Rees46Row("event_time", "2019-10-01T00:00:00Z")),
              IsProblem(RowIssue::kBadTime, "event_time", "2019-10-01T00:00:00Z"));
  EXPECT_THAT(Rees46Problem(Rees46Row("event_type", "click")),
              IsProblem(RowIssue::kUnknownEventType, "event_type", "click"));
  EXPECT_THAT(Rees46Problem(Rees46Row("user_id", "")),
              IsProblem(RowIssue::kMissingUserId, "user_id", ""));
  EXPECT_THAT(Rees46Problem(Rees46Row("user_id", "u541312140")),
              IsProblem(RowIssue::kNonNumericField, "user_id", "u541312140"));
  EXPECT_THAT(Rees46Problem(Rees46Row("product_id", "44600062A")),
              IsProblem(RowIssue::kNonNumericField, "product_id", "44600062A"));
  EXPECT_THAT(Rees46Problem(Rees46Row("product_id", "")),
              IsProblem(RowIssue::kNonNumericField, "product_id", ""));
  EXPECT_THAT(Rees46Problem(Rees46Row("category_id", "2103807459595387724.0")),
              IsProblem(RowIssue::kNonNumericField, "category_id", "2103807459595387724.0"));
  EXPECT_THAT(Rees46Problem(Rees46Row("price", "-3.5")),
              IsProblem(RowIssue::kNegativePrice, "price", "-3.5"));
}

// Ids are checked eight bytes at a time, so a stray character is tried in
// every position of texts that span one word, two words and an overlapping
// last word; ':' and '/' sit right beside the digits in ASCII.
TEST(EventRowParserTest, RejectsANonDigitAnywhereInANumericId) {
  for (std::string_view id : {"541312140", "54131214054131214"}) {
    for (std::size_t char_idx = 0; char_idx < id.size(); ++char_idx) {
      for (char stray : {':', '/', 'a', ' ', '.'}) {
        std::string bad_id(id);
        bad_id[char_idx] = stray;
        EXPECT_THAT(Rees46Problem(Rees46Row("user_id", bad_id)),
                    IsProblem(RowIssue::kNonNumericField, "user_id", bad_id));
      }
    }
    EXPECT_EQ(Rees46Problem(Rees46Row("user_id", id)), std::nullopt) << id;
  }
}

TEST(EventRowParserTest, DescribesBadFieldsInWords) {
  EXPECT_EQ(Describe(Rees46Problem(Rees46Row("event_time", "yesterday"))),
            "column 'event_time': expected a time like 2019-10-01 00:00:05 UTC, found 'yesterday'");
  EXPECT_EQ(Describe(Rees46Problem(Rees46Row("event_type", "click"))),
            "column 'event_type': expected view, cart, remove_from_cart or purchase, found "
            "'click'");
  EXPECT_EQ(Describe(Rees46Problem(Rees46Row("product_id", "x"))),
            "column 'product_id': expected an integer id, found 'x'");
}

TEST(EventRowParserTest, RejectsPricesThatAreNotDecimals) {
  for (std::string_view price :
       {"", "abc", "1e5", "1.2.3", "5.", ".5", "+5", "-", " 5", "5 ", "0x10", "-abc",
        "1234567890123456.00", "123456789012345678901234"}) {
    EXPECT_THAT(Rees46Problem(Rees46Row("price", price)),
                IsProblem(RowIssue::kNonNumericField, "price", price))
        << "price '" << price << "'";
  }
  // A decimal comma, quoted so that it does not split the row.
  EXPECT_THAT(Rees46Problem(Rees46Row("price", R"("1,5")")),
              IsProblem(RowIssue::kNonNumericField, "price", "1,5"));
}

TEST_F(Rees46ParserTest, RoundsPricesHalfAwayFromZeroToCents) {
  const std::pair<std::string_view, std::int64_t> kCases[] = {
      {"35.79", 3579}, {"0", 0},       {"5", 500},          {"1.5", 150},
      {"2.345", 235},  {"2.344", 234}, {"2.3449", 234},     {"2.3450", 235},
      {"0.005", 1},    {"0.0049", 0},  {"0.995", 100},      {"007.10", 710},
      {"-0", 0},       {"-0.00", 0},   {"1081.98", 108198}, {"999999999999.99", 99999999999999}};
  for (const auto& [price, cents] : kCases) {
    const std::string row = Rees46Row("price", price);
    ASSERT_TRUE(parser_.Parse(row, &event_, &problem_)) << price << ": " << problem_.Describe();
    EXPECT_EQ(event_.price_cents, cents) << price;
    EXPECT_EQ(event_.amount_cents, cents) << price;
  }
  EXPECT_THAT(Rees46Problem(Rees46Row("price", "-0.001")),
              IsProblem(RowIssue::kNegativePrice, "price", "-0.001"));
}

TEST_F(Rees46ParserTest, TimeCacheFollowsDateChanges) {
  EXPECT_EQ(TimeOf("2019-10-01 00:00:05"), kOct1st2019 + 5);  // no " UTC"
  EXPECT_EQ(TimeOf("2019-10-01 23:59:59 UTC"), kOct1st2019 + 86399);
  EXPECT_EQ(TimeOf("2019-10-02 00:00:00 UTC"), kOct1st2019 + 86400);
  EXPECT_EQ(TimeOf("2019-10-02 00:00:01"), kOct1st2019 + 86401);
  EXPECT_EQ(TimeOf("2019-10-01 12:00:00 UTC"), kOct1st2019 + 43200);
  EXPECT_EQ(TimeOf("2019-11-01 00:00:00 UTC"), kOct1st2019 + 31 * 86400);
  EXPECT_EQ(TimeOf("2020-02-29 00:00:00 UTC"), 1582934400);
  EXPECT_EQ(TimeOf("1969-12-31 23:59:59 UTC"), -1);
  EXPECT_EQ(TimeOf("1969-12-31 00:00:00 UTC"), -86400);
}

TEST_F(Rees46ParserTest, InvalidDatesAreNeverCached) {
  EXPECT_EQ(TimeOf("2019-02-28 10:00:00 UTC"), 1551348000);
  for (std::string_view bad : {"2019-02-30 10:00:00 UTC", "2019-02-29 10:00:00 UTC",
                               "2019-13-01 10:00:00 UTC", "2019-00-10 10:00:00 UTC"}) {
    // Twice: a first failure must not leave the bad date behind as "known".
    for (int attempt = 0; attempt < 2; ++attempt) {
      EXPECT_FALSE(parser_.Parse(Rees46Row("event_time", bad), &event_, &problem_)) << bad;
      EXPECT_EQ(problem_.issue, RowIssue::kBadTime);
      EXPECT_EQ(problem_.found, bad);
    }
  }
  EXPECT_EQ(TimeOf("2019-02-28 10:00:01 UTC"), 1551348001);
}

// Whatever the cache holds, a time parses exactly as events::ParseEventTime
// parses it: each text is tried cold (after another date) and warm (after its
// own date).
TEST_F(Rees46ParserTest, CachedTimesAgreeWithParseEventTime) {
  const std::string_view kTexts[] = {"2019-10-01 00:00:05 UTC",
                                     "2019-10-01 00:00:05",
                                     "2019-10-01 23:59:59 UTC",
                                     "2019-10-01 24:00:00 UTC",
                                     "2019-10-01 10:60:00 UTC",
                                     "2019-10-01 10:00:60 UTC",
                                     "2019-10-01 10:00:00 GMT",
                                     "2019-10-01 10:00:00UTC",
                                     "2019-10-01 10:00",
                                     "2019-10-01 1a:00:00 UTC",
                                     "2019-10-01T10:00:00 UTC",
                                     "2019-10-01 10-00-00 UTC",
                                     "2019-10-01 10:00:00 UTC ",
                                     "2019-10-01 10:00:0",
                                     "2019-10-01",
                                     "2019-10-011",
                                     "2019-10-01 +1:00:00 UTC",
                                     "2019-10-01 10:00:00 utc"};
  for (const std::string_view warm_up : {"2018-01-01 00:00:00", "2019-10-01 00:00:00"}) {
    for (std::string_view text : kTexts) {
      TimeOf(warm_up);
      const std::optional<std::int64_t> expected = events::ParseEventTime(text);
      const bool parsed = parser_.Parse(Rees46Row("event_time", text), &event_, &problem_);
      EXPECT_EQ(parsed, expected.has_value()) << text << " after " << warm_up;
      if (parsed && expected) {
        EXPECT_EQ(event_.time, *expected) << text;
      } else if (!parsed) {
        EXPECT_EQ(problem_.issue, RowIssue::kBadTime) << text;
      }
    }
  }
}

TEST(EventRowParserTest, NamesEveryMissingColumnAndTheFile) {
  const events::CsvHeader header("event_time,event_type,product_id,price,user_id",
                                 "logs/2019-Oct.csv");
  EXPECT_THAT([&] { EventRowParser parser(header, ColumnMapping::Rees46()); },
              ThrowsMessage<InputError>(StrEq(
                  "logs/2019-Oct.csv: line 1: missing columns 'category_id', 'category_code', "
                  "'brand', 'user_session' (columns: event_time, event_type, product_id, price, "
                  "user_id)")));
  const events::CsvHeader uci_header(kUciHeader, "OnlineRetail.csv");
  ColumnMapping mapping = ColumnMapping::UciOnlineRetail();
  mapping.brand = "Brand";
  EXPECT_THAT([&] { EventRowParser parser(uci_header, mapping); },
              ThrowsMessage<InputError>(
                  StrEq("OnlineRetail.csv: line 1: missing column 'Brand' (columns: InvoiceNo, "
                        "StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, "
                        "Country)")));
}

TEST(EventRowParserTest, ValidatesTheMapping) {
  const events::CsvHeader header(kRees46Header, "2019-Oct.csv");
  ColumnMapping mapping;
  mapping.session = "";
  EXPECT_THROW(EventRowParser(header, mapping), ConfigError);
}

TEST(EventRowParserTest, FindsColumnsInAnyOrder) {
  const events::CsvHeader header(
      "user_session,price,user_id,event_type,brand,category_code,category_id,product_id,"
      "event_time",
      "shuffled.csv");
  EventRowParser parser(header, ColumnMapping::Rees46());
  EXPECT_EQ(parser.user_column(), 2U);
  LogEvent event;
  RowProblem problem;
  ASSERT_TRUE(parser.Parse(
      "72d76fde-8bb3-4e00-8c23-a032dfed738c,35.79,541312140,cart,shiseido,,2103807459595387724,"
      "44600062,2019-10-01 00:00:07 UTC",
      &event, &problem))
      << problem.Describe();
  EXPECT_EQ(event.time, kOct1st2019 + 7);
  EXPECT_EQ(event.type, EventType::kCart);
  EXPECT_EQ(event.user_id, "541312140");
  EXPECT_EQ(event.session_key, KeyOf("72d76fde-8bb3-4e00-8c23-a032dfed738c"));
  EXPECT_EQ(event.product_key, KeyOf("44600062"));
  EXPECT_EQ(event.category_key, KeyOf("2103807459595387724"));
  EXPECT_EQ(event.brand_key, KeyOf("shiseido"));
  EXPECT_EQ(event.price_cents, 3579);
}

TEST(EventRowParserTest, UnmappedOptionalColumnsGiveZeroKeys) {
  const events::CsvHeader header(kRees46Header, "2019-Oct.csv");
  ColumnMapping mapping;
  mapping.category_id = "";
  mapping.brand = "";
  EventRowParser parser(header, mapping);
  LogEvent event;
  RowProblem problem;
  ASSERT_TRUE(parser.Parse(Rees46Row("event_type", "view"), &event, &problem));
  EXPECT_EQ(event.category_key, 0U);
  EXPECT_EQ(event.brand_key, 0U);
  EXPECT_EQ(event.product_key, KeyOf("44600062"));
  // A mapped category column may still be empty on a row.
  EventRowParser rees46_parser(header, ColumnMapping::Rees46());
  ASSERT_TRUE(rees46_parser.Parse(Rees46Row("category_id", ""), &event, &problem));
  EXPECT_EQ(event.category_key, 0U);
  EXPECT_EQ(event.brand_key, KeyOf("shiseido"));
}

TEST(EventRowParserTest, CancellationPrefixWithoutQuantityGivesNegativeAmount) {
  const events::CsvHeader header("time,sku,price,customer,order", "orders.csv");
  ColumnMapping mapping = ColumnMapping::UciOnlineRetail();  // no type, category or brand
  mapping.event_time = "time";
  mapping.product_id = "sku";
  mapping.price = "price";
  mapping.quantity = "";
  mapping.user_id = "customer";
  mapping.session = "order";
  mapping.cancellation_prefix = "R-";
  EventRowParser parser(header, mapping);
  LogEvent event;
  RowProblem problem;
  ASSERT_TRUE(parser.Parse("2019-10-01 00:00:00,A1,12.50,c7,R-1001", &event, &problem));
  EXPECT_EQ(event.type, EventType::kRemoveFromCart);
  EXPECT_EQ(event.price_cents, 1250);
  EXPECT_EQ(event.amount_cents, -1250);
  ASSERT_TRUE(parser.Parse("2019-10-01 00:00:00,A1,12.50,c7,1001", &event, &problem));
  EXPECT_EQ(event.type, EventType::kPurchase);
  EXPECT_EQ(event.amount_cents, 1250);
  EXPECT_FALSE(parser.Parse("2019-10-01 00:00:00,A1,12.50,,1001", &event, &problem));
  EXPECT_EQ(problem.issue, RowIssue::kMissingCustomer);
  EXPECT_EQ(problem.Describe(), "column 'customer': expected a customer id, found ''");
}

class UciParserTest : public ::testing::Test {
 protected:
  const events::CsvHeader header_{kUciHeader, "OnlineRetail.csv"};
  EventRowParser parser_{header_, ColumnMapping::UciOnlineRetail()};
  LogEvent event_;
  RowProblem problem_;
};

TEST_F(UciParserTest, ParsesALineItem) {
  ASSERT_TRUE(parser_.Parse(
      "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,"
      "United Kingdom",
      &event_, &problem_))
      << problem_.Describe();
  EXPECT_EQ(event_.time, kDec1st2010 + 8 * 3600 + 26 * 60);
  EXPECT_EQ(event_.type, EventType::kPurchase);
  EXPECT_EQ(event_.user_id, "17850.0");
  EXPECT_EQ(event_.user_key, KeyOf("17850.0"));
  EXPECT_EQ(event_.session_key, KeyOf("536365"));
  EXPECT_EQ(event_.product_key, KeyOf("85123A"));
  EXPECT_EQ(event_.category_key, 0U);
  EXPECT_EQ(event_.brand_key, 0U);
  EXPECT_EQ(event_.price_cents, 255);
  EXPECT_EQ(event_.amount_cents, 1530);
}

TEST_F(UciParserTest, ReadsACancellationAsARemovalWithNegativeAmount) {
  ASSERT_TRUE(parser_.Parse("C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom",
                            &event_, &problem_));
  EXPECT_EQ(event_.type, EventType::kRemoveFromCart);
  EXPECT_EQ(event_.price_cents, 2750);
  EXPECT_EQ(event_.amount_cents, -2750);
  // A cancellation written with a positive quantity is still money going back.
  ASSERT_TRUE(parser_.Parse("C536379,D,Discount,2,2010-12-01 09:41:00,27.5,14527.0,United Kingdom",
                            &event_, &problem_));
  EXPECT_EQ(event_.amount_cents, -5500);
}

TEST_F(UciParserTest, ReportsBadQuantitiesAndMissingCustomers) {
  for (std::string_view quantity : {"1.5", "", "abc", "-", "+3", "1234567890123456789"}) {
    const std::string line = "536365,71053,WHITE METAL LANTERN," + std::string(quantity) +
                             ",2010-12-01 08:26:00,3.39,17850.0,United Kingdom";
    EXPECT_FALSE(parser_.Parse(line, &event_, &problem_)) << quantity;
    EXPECT_EQ(problem_.issue, RowIssue::kNonNumericField) << quantity;
    EXPECT_EQ(problem_.column, "Quantity");
    EXPECT_EQ(problem_.found, quantity);
  }
  EXPECT_FALSE(parser_.Parse(
      "536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2010-12-01 14:32:00,2.51,,United Kingdom",
      &event_, &problem_));
  EXPECT_EQ(problem_.issue, RowIssue::kMissingCustomer);
  EXPECT_EQ(problem_.column, "CustomerID");
  // Cents times quantity beyond 64 bits.
  EXPECT_FALSE(parser_.Parse(
      "536365,71053,LANTERN,999999999999999999,2010-12-01 08:26:00,100,17850.0,United Kingdom",
      &event_, &problem_));
  EXPECT_EQ(problem_.issue, RowIssue::kNonNumericField);
  EXPECT_EQ(problem_.column, "Quantity");
}

}  // namespace
}  // namespace churn::features

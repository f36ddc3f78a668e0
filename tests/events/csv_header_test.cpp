#include "events/csv_header.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::events {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr std::string_view kRees46 =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

TEST(CsvHeaderTest, FindsColumnsByName) {
  const CsvHeader header(kRees46, "2019-Oct.csv");
  EXPECT_EQ(header.size(), 9U);
  EXPECT_THAT(header.Find("event_time"), Optional(0U));
  EXPECT_THAT(header.Find("user_id"), Optional(7U));
  EXPECT_EQ(header.Find("USER_ID"), std::nullopt);
  EXPECT_EQ(header.Find("user"), std::nullopt);
  EXPECT_EQ(header.Require("user_session"), 8U);
}

TEST(CsvHeaderTest, RequireNamesTheFileAndTheColumnsThereAre) {
  const CsvHeader header("a,b,c", "data/raw/2019-Oct.csv");
  try {
    header.Require("user_id");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "data/raw/2019-Oct.csv: line 1: no column 'user_id' (columns: a, b, c)");
  }
}

TEST(CsvHeaderTest, TrimsSpacesAndAByteOrderMark) {
  const CsvHeader header("\xEF\xBB\xBF user_id , event_time,\tprice\t", "log.csv");
  EXPECT_THAT(header.names(), ElementsAre("user_id", "event_time", "price"));
  EXPECT_THAT(header.Find("user_id"), Optional(0U));
}

TEST(CsvHeaderTest, UnquotesNames) {
  const CsvHeader header(R"("user_id","price, in USD")", "log.csv");
  EXPECT_THAT(header.names(), ElementsAre("user_id", "price, in USD"));
}

TEST(CsvHeaderTest, RejectsAnEmptyHeader) {
  EXPECT_THROW(CsvHeader("", "log.csv"), InputError);
  EXPECT_THROW(CsvHeader("\xEF\xBB\xBF  ", "log.csv"), InputError);
}

TEST(CsvHeaderTest, RejectsAnUnterminatedQuote) {
  try {
    CsvHeader header(R"(a,"b)", "log.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("log.csv: line 1: header is not valid CSV"));
  }
}

TEST(CsvHeaderTest, RejectsARepeatedName) {
  try {
    CsvHeader header("user_id,price,user_id", "log.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("log.csv: line 1: column 'user_id' appears more than once"));
  }
}

TEST(CsvHeaderTest, AllowsSeveralUnnamedColumns) {
  const CsvHeader header("a,,b,", "log.csv");
  EXPECT_THAT(header.names(), ElementsAre("a", "", "b", ""));
}

TEST(CsvHeaderTest, MatchesTheSameHeaderAgain) {
  const CsvHeader header(kRees46, "log.csv");
  EXPECT_TRUE(header.Matches(kRees46));
  EXPECT_TRUE(header.Matches("\xEF\xBB\xBF" + std::string(kRees46)));
}

TEST(CsvHeaderTest, MatchesTheSameNamesWrittenDifferently) {
  const CsvHeader header("user_id,price", "log.csv");
  EXPECT_TRUE(header.Matches(R"("user_id", price )"));
}

TEST(CsvHeaderTest, DoesNotMatchRowsOrOtherHeaders) {
  const CsvHeader header(kRees46, "log.csv");
  EXPECT_FALSE(header.Matches(
      "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,"
      "72d76fde-8bb3-4e00-8c23-a032dfed738c"));
  EXPECT_FALSE(header.Matches("event_time,event_type"));
  EXPECT_FALSE(header.Matches(""));
  EXPECT_FALSE(header.Matches(std::string(kRees46) + ",extra"));
}

}  // namespace
}  // namespace churn::events

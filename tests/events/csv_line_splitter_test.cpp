#include "events/csv_line_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace churn::events {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

// The fields as owned strings, or nullopt, for readable expectations.
std::optional<std::vector<std::string>> SplitToStrings(std::string_view line,
                                                       RowIssue* issue = nullptr) {
  CsvLineSplitter splitter;
  std::optional<std::span<const std::string_view>> fields = splitter.Split(line, issue);
  if (!fields) {
    return std::nullopt;
  }
  return std::vector<std::string>(fields->begin(), fields->end());
}

TEST(CsvLineSplitterTest, SplitsUnquotedFields) {
  EXPECT_THAT(SplitToStrings("2019-10-01 00:00:00 UTC,view,44600062"),
              Optional(ElementsAre("2019-10-01 00:00:00 UTC", "view", "44600062")));
}

TEST(CsvLineSplitterTest, KeepsEmptyFields) {
  EXPECT_THAT(SplitToStrings("a,,b"), Optional(ElementsAre("a", "", "b")));
  EXPECT_THAT(SplitToStrings("a,b,"), Optional(ElementsAre("a", "b", "")));
  EXPECT_THAT(SplitToStrings(",a"), Optional(ElementsAre("", "a")));
  EXPECT_THAT(SplitToStrings(","), Optional(ElementsAre("", "")));
  EXPECT_THAT(SplitToStrings(""), Optional(ElementsAre("")));
}

TEST(CsvLineSplitterTest, KeepsSpacesAroundFields) {
  EXPECT_THAT(SplitToStrings(" a , b"), Optional(ElementsAre(" a ", " b")));
}

TEST(CsvLineSplitterTest, ReadsSeparatorsInsideQuotes) {
  EXPECT_THAT(SplitToStrings(R"(1,"electronics, smartphone",3)"),
              Optional(ElementsAre("1", "electronics, smartphone", "3")));
}

TEST(CsvLineSplitterTest, UnescapesDoubledQuotes) {
  EXPECT_THAT(SplitToStrings(R"("say ""hi""",x)"), Optional(ElementsAre(R"(say "hi")", "x")));
  EXPECT_THAT(SplitToStrings(R"("""")"), Optional(ElementsAre("\"")));
}

TEST(CsvLineSplitterTest, ReadsEmptyQuotedFields) {
  EXPECT_THAT(SplitToStrings(R"("",a,"")"), Optional(ElementsAre("", "a", "")));
}

TEST(CsvLineSplitterTest, KeepsAQuoteInsideAnUnquotedFieldAsText) {
  EXPECT_THAT(SplitToStrings(R"(5" screen,b)"), Optional(ElementsAre(R"(5" screen)", "b")));
}

TEST(CsvLineSplitterTest, KeepsTextAfterAClosingQuote) {
  EXPECT_THAT(SplitToStrings(R"("a"b,c)"), Optional(ElementsAre("ab", "c")));
}

TEST(CsvLineSplitterTest, ReportsAnUnterminatedQuote) {
  RowIssue issue = RowIssue::kEmptyLine;
  EXPECT_EQ(SplitToStrings(R"(a,"b,c)", &issue), std::nullopt);
  EXPECT_EQ(issue, RowIssue::kUnterminatedQuote);

  issue = RowIssue::kEmptyLine;
  EXPECT_EQ(SplitToStrings(R"(x,"say ""hi"")", &issue), std::nullopt);
  EXPECT_EQ(issue, RowIssue::kUnterminatedQuote);
}

TEST(CsvLineSplitterTest, LeavesTheIssueAloneWhenTheLineIsFine) {
  RowIssue issue = RowIssue::kEmptyLine;
  EXPECT_TRUE(SplitToStrings("a,b", &issue).has_value());
  EXPECT_EQ(issue, RowIssue::kEmptyLine);
}

TEST(CsvLineSplitterTest, ReturnsViewsIntoTheLineForFieldsWithoutEscapes) {
  const std::string line = R"(plain,"quoted")";
  CsvLineSplitter splitter;
  auto fields = splitter.Split(line);
  ASSERT_TRUE(fields.has_value());
  ASSERT_EQ(fields->size(), 2U);
  EXPECT_EQ((*fields)[0].data(), line.data());
  EXPECT_EQ((*fields)[1].data(), line.data() + 7);
}

TEST(CsvLineSplitterTest, KeepsEveryUnescapedFieldValidWhileMoreAreAdded) {
  // Many short escaped fields: storage that moved as it grew would leave the
  // first views dangling (short strings live inside their std::string).
  std::string line;
  std::vector<std::string> expected;
  for (int field_idx = 0; field_idx < 200; ++field_idx) {
    const std::string number = std::to_string(field_idx);
    line.append(field_idx == 0 ? "" : ",").append("\"").append(number).append("\"\"\"");
    expected.push_back(number + "\"");
  }
  EXPECT_THAT(SplitToStrings(line), Optional(expected));
}

TEST(CsvLineSplitterTest, CanBeReusedForTheNextLine) {
  CsvLineSplitter splitter;
  ASSERT_TRUE(splitter.Split(R"("a ""1""",b,c,d)").has_value());
  auto fields = splitter.Split(R"(x,"y ""2""")");
  ASSERT_TRUE(fields.has_value());
  EXPECT_THAT(std::vector<std::string>(fields->begin(), fields->end()),
              ElementsAre("x", "y \"2\""));
}

}  // namespace
}  // namespace churn::events

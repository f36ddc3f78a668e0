#include "events/row_issues.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

TEST(RowIssueNameTest, NamesEveryIssueInSnakeCase) {
  EXPECT_EQ(RowIssueName(RowIssue::kWrongFieldCount), "wrong_field_count");
  EXPECT_EQ(RowIssueName(RowIssue::kUnterminatedQuote), "unterminated_quote");
  EXPECT_EQ(RowIssueName(RowIssue::kCutLastLine), "cut_last_line");
  EXPECT_EQ(RowIssueName(RowIssue::kRepeatedHeader), "repeated_header");
  EXPECT_EQ(RowIssueName(RowIssue::kEmptyLine), "empty_line");
  EXPECT_EQ(RowIssueName(RowIssue::kMissingUserId), "missing_user_id");
}

TEST(RowIssueCountsTest, StartsAtZero) {
  RowIssueCounts counts;
  EXPECT_EQ(counts.Total(), 0);
  for (int issue_idx = 0; issue_idx < kRowIssueCount; ++issue_idx) {
    EXPECT_EQ(counts.Count(static_cast<RowIssue>(issue_idx)), 0);
  }
}

TEST(RowIssueCountsTest, AddsPerIssue) {
  RowIssueCounts counts;
  counts.Add(RowIssue::kEmptyLine);
  counts.Add(RowIssue::kEmptyLine);
  counts.Add(RowIssue::kMissingUserId, 5);
  EXPECT_EQ(counts.Count(RowIssue::kEmptyLine), 2);
  EXPECT_EQ(counts.Count(RowIssue::kMissingUserId), 5);
  EXPECT_EQ(counts.Count(RowIssue::kWrongFieldCount), 0);
  EXPECT_EQ(counts.Total(), 7);
}

TEST(RowIssueCountsTest, SumsCountsOfSeveralFiles) {
  RowIssueCounts october;
  october.Add(RowIssue::kCutLastLine);
  october.Add(RowIssue::kRepeatedHeader, 3);
  RowIssueCounts november;
  november.Add(RowIssue::kRepeatedHeader, 2);
  november.Add(RowIssue::kUnterminatedQuote);

  october += november;

  EXPECT_EQ(october.Count(RowIssue::kCutLastLine), 1);
  EXPECT_EQ(october.Count(RowIssue::kRepeatedHeader), 5);
  EXPECT_EQ(october.Count(RowIssue::kUnterminatedQuote), 1);
  EXPECT_EQ(october.Total(), 7);
  EXPECT_EQ(november.Total(), 3);
}

}  // namespace
}  // namespace churn::events

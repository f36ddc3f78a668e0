#include "metrics/scored_rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

using ::testing::HasSubstr;

TEST(ScoredRowsTest, AcceptsFiniteScoresOfAnySign) {
  EXPECT_NO_THROW(
      CheckScoredRows(std::vector<double>{-3.5, 0.0, 12.0}, std::vector<std::uint8_t>{0, 1, 1}));
  EXPECT_NO_THROW(CheckScoredRows({}, {}));
  EXPECT_NO_THROW(
      CheckProbabilities(std::vector<double>{0.0, 1.0}, std::vector<std::uint8_t>{0, 1}));
}

TEST(ScoredRowsTest, MismatchedSizesAndOddLabelsAreBugs) {
  EXPECT_THROW(CheckScoredRows(std::vector<double>{0.1}, std::vector<std::uint8_t>{0, 1}),
               InternalError);
  EXPECT_THROW(CheckProbabilities(std::vector<double>{0.1, 0.2}, std::vector<std::uint8_t>{0}),
               InternalError);
  EXPECT_THROW(CheckScoredRows(std::vector<double>{0.1, 0.2}, std::vector<std::uint8_t>{0, 2}),
               InternalError);
}

TEST(ScoredRowsTest, NonFiniteScoresAreBadInputNamingTheRow) {
  std::vector<std::uint8_t> labels = {0, 1, 0};
  try {
    CheckScoredRows(std::vector<double>{0.1, 0.2, std::numeric_limits<double>::infinity()}, labels);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("row 2"));
  }
  EXPECT_THROW(CheckScoredRows(
                   std::vector<double>{std::numeric_limits<double>::quiet_NaN(), 0.2, 0.3}, labels),
               InputError);
}

TEST(ScoredRowsTest, ProbabilitiesMustLieInTheUnitInterval) {
  std::vector<std::uint8_t> labels = {0, 1};
  try {
    CheckProbabilities(std::vector<double>{1.0000001, 0.5}, labels);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("row 0"));
    EXPECT_THAT(error.what(), HasSubstr("[0, 1]"));
  }
  EXPECT_THROW(CheckProbabilities(std::vector<double>{-0.01, 0.5}, labels), InputError);
  EXPECT_THROW(CheckProbabilities(
                   std::vector<double>{0.5, std::numeric_limits<double>::quiet_NaN()}, labels),
               InputError);
}

}  // namespace
}  // namespace churn::metrics

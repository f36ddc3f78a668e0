#include "server/query_parameters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/request_error.h"

namespace churn::server {
namespace {

TEST(QueryParametersTest, CountsAreWholeNumbersInRange) {
  EXPECT_EQ(QueryCount("top", std::nullopt, 100, 1, 1000), 100U);
  EXPECT_EQ(QueryCount("top", "25", 100, 1, 1000), 25U);
  for (std::string_view bad : {"0", "1001", "-3", "2.5", "ten", "", "5 "}) {
    EXPECT_THROW(QueryCount("top", bad, 100, 1, 1000), RequestError) << bad;
  }
  try {
    QueryCount("top", "ten", 100, 1, 1000);
  } catch (const RequestError& error) {
    EXPECT_EQ(error.status(), HttpStatus::kBadRequest);
    EXPECT_THAT(error.what(), ::testing::HasSubstr("'top' must be a whole number from 1 to 1000"));
  }
}

TEST(QueryParametersTest, NumbersAreFiniteAndInRange) {
  EXPECT_DOUBLE_EQ(QueryNumber("min_risk", std::nullopt, 0.25, 0, 1), 0.25);
  EXPECT_DOUBLE_EQ(QueryNumber("min_risk", "0.5", 0, 0, 1), 0.5);
  for (std::string_view bad : {"1.5", "-0.1", "nan", "inf", "high", "0.5x"}) {
    EXPECT_THROW(QueryNumber("min_risk", bad, 0, 0, 1), RequestError) << bad;
  }
}

}  // namespace
}  // namespace churn::server

#include "config_file/closest_key.h"

#include <gtest/gtest.h>

namespace churn::config_file {
namespace {

TEST(EditDistanceTest, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0U);
  EXPECT_EQ(EditDistance("users", "users"), 0U);
  EXPECT_EQ(EditDistance("user", "users"), 1U);
  EXPECT_EQ(EditDistance("usres", "users"), 2U);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3U);
  EXPECT_EQ(EditDistance("", "abc"), 3U);
}

TEST(ClosestKeyTest, SuggestsTheNearestTypo) {
  std::vector<std::string> keys = {"users", "months", "start", "seed"};
  EXPECT_EQ(ClosestKey("user", keys), "users");
  EXPECT_EQ(ClosestKey("monhts", keys), "months");
  EXPECT_EQ(ClosestKey("seeds", keys), "seed");
}

TEST(ClosestKeyTest, SuggestsNothingForAnUnrelatedWord) {
  std::vector<std::string> keys = {"users", "months"};
  EXPECT_EQ(ClosestKey("compression", keys), std::nullopt);
  EXPECT_EQ(ClosestKey("x", {}), std::nullopt);
}

}  // namespace
}  // namespace churn::config_file

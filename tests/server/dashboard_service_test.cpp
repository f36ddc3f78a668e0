#include "server/dashboard_service.h"

#include <gtest/gtest.h>

namespace churn::server {
namespace {

TEST(ListeningUrlTest, WritesAnIpv4HostOrANameAsItIs) {
  EXPECT_EQ(ListeningUrl("127.0.0.1", 8080), "http://127.0.0.1:8080/");
  EXPECT_EQ(ListeningUrl("localhost", 41234), "http://localhost:41234/");
}

TEST(ListeningUrlTest, BracketsAnIpv6Host) {
  EXPECT_EQ(ListeningUrl("::1", 8080), "http://[::1]:8080/");
  EXPECT_EQ(ListeningUrl("[::1]", 8080), "http://[::1]:8080/");
}

}  // namespace
}  // namespace churn::server

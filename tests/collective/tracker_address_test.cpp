#include "collective/tracker_address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::collective {
namespace {

using ::testing::HasSubstr;

TEST(TrackerAddressTest, ReadsHostAndPort) {
  TrackerAddress address = TrackerAddress::Parse("tracker.example:9091");
  EXPECT_EQ(address.host, "tracker.example");
  EXPECT_EQ(address.port, 9091);
  EXPECT_EQ(address.ToString(), "tracker.example:9091");
}

TEST(TrackerAddressTest, TheLastColonEndsTheHost) {
  TrackerAddress address = TrackerAddress::Parse("::1:9091");
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(address.port, 9091);
}

TEST(TrackerAddressTest, RefusesWhatIsNotHostColonPort) {
  for (const char* bad : {"tracker", ":9091", "tracker:", "tracker:port", "tracker:0",
                          "tracker:65536", "tracker:91x"}) {
    try {
      TrackerAddress::Parse(bad);
      ADD_FAILURE() << bad << " was taken";
    } catch (const UsageError& error) {
      EXPECT_THAT(error.what(), HasSubstr(std::string("'") + bad + "'"));
    }
  }
}

}  // namespace
}  // namespace churn::collective

#include "server/access_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

constexpr const char* kToken = "0123456789abcdef-token";

// Unsets CHURN_RADAR_TOKEN for a test and restores it after.
class AccessPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* value = std::getenv(kTokenVariable)) {
      saved_ = value;
    }
    unsetenv(kTokenVariable);
  }
  void TearDown() override {
    if (saved_) {
      setenv(kTokenVariable, saved_->c_str(), 1);
    } else {
      unsetenv(kTokenVariable);
    }
  }

 private:
  std::optional<std::string> saved_;
};

TEST_F(AccessPolicyTest, LoopbackNeedsNothing) {
  for (const char* host : {"127.0.0.1", "localhost", "::1", "127.1.2.3"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
    ServerConfig config;
    config.host = host;
    EXPECT_FALSE(AccessPolicy::FromConfig(config).requires_token());
  }
  EXPECT_TRUE(IsLoopbackHost("[::1]"));
  EXPECT_FALSE(IsLoopbackHost("127.attacker.example")) << "a name, not an address";
  EXPECT_FALSE(IsLoopbackHost("::"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("192.168.1.4"));
}

TEST_F(AccessPolicyTest, OtherHostsNeedTheFlagAndAToken) {
  ServerConfig config;
  config.host = "0.0.0.0";
  EXPECT_THAT([&] { AccessPolicy::FromConfig(config); },
              ::testing::ThrowsMessage<UsageError>(::testing::HasSubstr("--allow-remote")));
  config.allow_remote = true;
  EXPECT_THAT([&] { AccessPolicy::FromConfig(config); },
              ::testing::ThrowsMessage<UsageError>(::testing::HasSubstr(kTokenVariable)));
  setenv(kTokenVariable, kToken, 1);
  EXPECT_TRUE(AccessPolicy::FromConfig(config).requires_token());
}

TEST_F(AccessPolicyTest, ReadsTheTokenFileAndRefusesShortTokens) {
  testing::TempDir folder;
  ServerConfig config;
  config.token_file = testing::WriteTextFile(folder / "token", std::string(kToken) + "\n");
  AccessPolicy policy = AccessPolicy::FromConfig(config);
  EXPECT_TRUE(policy.Allows(std::string("Bearer ") + kToken)) << "the newline is trimmed";
  testing::WriteTextFile(folder / "token", "short");
  EXPECT_THROW(AccessPolicy::FromConfig(config), ConfigError);
  config.token_file = folder / "absent";
  EXPECT_THROW(AccessPolicy::FromConfig(config), IoError);
}

TEST_F(AccessPolicyTest, AllowsOnlyTheExactBearerToken) {
  AccessPolicy open;
  EXPECT_TRUE(open.Allows(""));
  AccessPolicy policy{std::string(kToken)};
  EXPECT_TRUE(policy.Allows(std::string("Bearer ") + kToken));
  EXPECT_FALSE(policy.Allows(""));
  EXPECT_TRUE(policy.Allows(std::string("bearer ") + kToken)) << "schemes ignore case";
  EXPECT_FALSE(policy.Allows(kToken)) << "no scheme";
  EXPECT_FALSE(policy.Allows(std::string("Basic ") + kToken));
  EXPECT_FALSE(policy.Allows(std::string("Bearer ") + kToken + "x"));
  EXPECT_FALSE(policy.Allows(std::string("Bearer ") + std::string(kToken).substr(1)));
  EXPECT_FALSE(policy.Allows("Bearer 0123456789abcdef-tokeN"));
}

}  // namespace
}  // namespace churn::server

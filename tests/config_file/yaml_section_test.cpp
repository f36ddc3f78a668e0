#include "config_file/yaml_section.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::config_file {
namespace {

using ::testing::HasSubstr;

YamlSection Root(const std::string& yaml) {
  return YamlSection(YAML::Load(yaml), "", "c.yaml");
}

TEST(YamlSectionTest, ReadsPresentKeysAndKeepsDefaultsForAbsentOnes) {
  YamlSection root = Root("a: 3\nb: text\nc: [x, y]\nd: ~\n");
  int number = 1;
  std::string text = "default";
  std::vector<std::string> list;
  double absent = 2.5;
  int null_value = 9;
  root.Read("a", &number);
  root.Read("b", &text);
  root.Read("c", &list);
  root.Read("missing", &absent);
  root.Read("d", &null_value);
  EXPECT_EQ(number, 3);
  EXPECT_EQ(text, "text");
  EXPECT_EQ(list, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(absent, 2.5);
  EXPECT_EQ(null_value, 9) << "a null value reads as absent";
  EXPECT_NO_THROW(root.RejectUnknownKeys());
}

TEST(YamlSectionTest, KeysNobodyAskedForAreUnknown) {
  YamlSection root = Root("alpha: 1\nbeta: 2\n");
  int value = 0;
  root.Read("alpha", &value);
  try {
    root.RejectUnknownKeys();
    FAIL() << "beta was never read";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr("c.yaml:2:1: unknown key 'beta'"));
  }
}

TEST(YamlSectionTest, DuplicateKeysAreAnError) {
  EXPECT_THROW(Root("demo:\n  users: 1\ndemo:\n  users: 2\n"), ConfigError);
  try {
    YamlSection root = Root("demo:\n  users: 1\n  users: 2\n");
    root.Section("demo");
    FAIL() << "duplicate key in a section";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), HasSubstr("c.yaml:3:3: key 'demo.users' appears twice"));
  }
}

// Found by the config file's fuzz target (tests/fuzz/config_file): yaml-cpp's
// own "bad conversion" escaped instead of a ConfigError.
TEST(YamlSectionTest, AListOrAMappingAsAKeyIsAnErrorNamingItsPlace) {
  EXPECT_THAT([] { Root("demo: 1\n? [complex, key]\n: value\n"); },
              ::testing::ThrowsMessage<ConfigError>(
                  HasSubstr("c.yaml:2:3: a key must be a name, not a list or a mapping")));
  EXPECT_THAT([] { Root("{a: 1}: 2\n"); },
              ::testing::ThrowsMessage<ConfigError>(HasSubstr("c.yaml:1:1: a key must be a name")));
  YamlSection root = Root("demo: 1\n~: 2\n");
  EXPECT_THAT([&] { root.RejectUnknownKeys(); },
              ::testing::ThrowsMessage<ConfigError>(HasSubstr("unknown key")))
      << "a null key reads as the name 'null', an unknown key like any other";
}

TEST(YamlSectionTest, LocatesMessagesThatStartWithAKeyPathRead) {
  YamlSection root = Root("demo:\n  users: 0\n  months: 2\n");
  YamlSection demo = root.Section("demo");
  int users = 0;
  int months = 0;
  demo.Read("users", &users);
  demo.Read("months", &months);
  EXPECT_EQ(root.LocateMessage("demo.users must be positive"), "c.yaml:2:10: ");
  EXPECT_EQ(root.LocateMessage("demo.months: bad"), "c.yaml:3:11: ");
  EXPECT_EQ(root.LocateMessage("demo needs something"), "c.yaml:1:1: ");
  EXPECT_EQ(root.LocateMessage("demo.usersx is not a key path read"), "c.yaml:1:1: ")
      << "a longer word is not the key";
  EXPECT_EQ(root.LocateMessage("something else"), "c.yaml: ");
}

}  // namespace
}  // namespace churn::config_file

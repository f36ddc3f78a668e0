#include "config/setting_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/enum_names.h"
#include "config/setting.h"
#include "errors/error.h"

namespace churn::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

enum class Colour { kRed, kGreen };
inline constexpr EnumNames<Colour, 2> kColourNames = {{
    {"red", Colour::kRed},
    {"green", Colour::kGreen},
}};

// A struct that declares one setting of each kind, as the stages do.
struct ToySettings {
  int count = 3;
  double share = 0.5;
  std::uint64_t seed = 1;
  std::string name = "toy";
  Colour colour = Colour::kRed;
  std::vector<std::string> colours = {"red"};
  struct Nested {
    int depth = 2;
  } nested;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("count", self.count, Range{1, 10}, "how many");
    visitor.Value("share", self.share, Range{0.0, 1.0}, "what share");
    visitor.Value("seed", self.seed, "any seed");
    visitor.Value("name", self.name, "a name");
    visitor.Choice("colour", self.colour, kColourNames, "one colour");
    visitor.ChoiceList("colours", self.colours, kColourNames, "some colours");
    visitor.Section("nested", "a nested section", [&self](auto& section) {
      section.Value("depth", self.nested.depth, Range{0, 5}, "how deep");
    });
  }
};

// Records the keys and help lines it is shown, to test the visiting.
struct KeyRecorder : SettingVisitor {
  std::vector<std::string> keys;
  std::string prefix;

  template <typename T>
  void Value(std::string_view key, T& /*value*/, std::string_view /*help*/) {
    keys.push_back(KeyPath(prefix, key));
  }
  template <typename T, typename R>
  void Value(std::string_view key, T& value, Range<R> /*range*/, std::string_view help) {
    Value(key, value, help);
  }
  template <typename E, typename Names>
  void Choice(std::string_view key, E& /*value*/, const Names& /*names*/, std::string_view) {
    keys.push_back(KeyPath(prefix, key));
  }
  template <typename L, typename Names>
  void ChoiceList(std::string_view key, L& /*value*/, const Names& /*names*/, std::string_view) {
    keys.push_back(KeyPath(prefix, key));
  }
  template <typename Visit>
  void Section(std::string_view key, std::string_view /*help*/, Visit&& visit) {
    std::string outer = prefix;
    prefix = KeyPath(prefix, key);
    visit(*this);
    prefix = outer;
  }
};

std::string CheckError(const ToySettings& settings) {
  try {
    CheckSettings(settings, "toy");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(SettingChecksTest, TheDefaultsPass) {
  EXPECT_EQ(CheckError(ToySettings()), "");
}

TEST(SettingChecksTest, AValueOutsideItsRangeNamesItsKeyTheRangeAndTheValue) {
  ToySettings settings;
  settings.count = 11;
  EXPECT_EQ(CheckError(settings), "toy.count must be between 1 and 10, got 11");
  settings = ToySettings();
  settings.share = -0.25;
  EXPECT_EQ(CheckError(settings), "toy.share must be between 0 and 1, got -0.25");
}

TEST(SettingChecksTest, ANumberThatIsNotFiniteIsOutOfRange) {
  ToySettings settings;
  settings.share = std::nan("");
  EXPECT_THAT(CheckError(settings), HasSubstr("toy.share must be between 0 and 1"));
}

TEST(SettingChecksTest, NestedSectionsNameTheirWholePath) {
  ToySettings settings;
  settings.nested.depth = 6;
  EXPECT_EQ(CheckError(settings), "toy.nested.depth must be between 0 and 5, got 6");
}

TEST(SettingChecksTest, AListOfChoicesMustBeKnownDistinctAndNotEmpty) {
  ToySettings settings;
  settings.colours = {"red", "blue"};
  EXPECT_EQ(CheckError(settings),
            "toy.colours: unknown value 'blue' (expected one of: red, green)");
  settings.colours = {"green", "green"};
  EXPECT_EQ(CheckError(settings), "toy.colours: 'green' is listed twice");
  settings.colours.clear();
  EXPECT_EQ(CheckError(settings), "toy.colours must name at least one of: red, green");
}

TEST(SettingChecksTest, AChoiceWithoutANameIsABug) {
  ToySettings settings;
  settings.colour = static_cast<Colour>(7);
  EXPECT_THROW(CheckSettings(settings, "toy"), InternalError);
}

TEST(SettingChecksTest, OneDeclarationServesEveryVisitorInOrder) {
  ToySettings settings;
  KeyRecorder recorder;
  ToySettings::VisitSettings(settings, recorder);
  EXPECT_THAT(recorder.keys,
              ElementsAre("count", "share", "seed", "name", "colour", "colours", "nested.depth"));
}

TEST(SettingChecksTest, KeyPathJoinsWithADot) {
  EXPECT_EQ(KeyPath("", "demo"), "demo");
  EXPECT_EQ(KeyPath("train.xgboost", "rounds"), "train.xgboost.rounds");
}

}  // namespace
}  // namespace churn::config

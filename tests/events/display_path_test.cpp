#include "events/display_path.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

TEST(DisplayPathTest, PathsBelowTheWorkingFolderAreShownRelative) {
  std::filesystem::path here = std::filesystem::current_path();
  EXPECT_EQ(DisplayPath(here / "data" / "raw"), "data/raw");
  EXPECT_EQ(DisplayPath("data/./raw"), "data/raw");
}

TEST(DisplayPathTest, PathsElsewhereAreShownAbsolute) {
  EXPECT_EQ(DisplayPath("/nowhere/else"), "/nowhere/else");
  std::filesystem::path parent = std::filesystem::current_path().parent_path();
  EXPECT_EQ(DisplayPath(parent / "sibling"), (parent / "sibling").string());
}

TEST(DisplayPathTest, NamesThatAreNotUtf8OrHoldControlCharactersAreShownReadable) {
  EXPECT_EQ(DisplayPath("/logs/caf\xE9.csv"), "/logs/caf\xEF\xBF\xBD.csv");
  EXPECT_EQ(DisplayPath("/logs/two\nlines.csv"), "/logs/two\\nlines.csv");
}

}  // namespace
}  // namespace churn::events

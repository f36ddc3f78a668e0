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

}  // namespace
}  // namespace churn::events

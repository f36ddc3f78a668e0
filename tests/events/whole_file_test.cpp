#include "events/whole_file.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace churn::events {
namespace {

TEST(WholeFileTest, ReadsEveryByteOrSaysItCannot) {
  testing::TempDir folder;
  std::string text("line one\r\nline two\0binary", 25);
  testing::WriteTextFile(folder / "file.bin", text);
  EXPECT_EQ(ReadWholeFile(folder / "file.bin"), text);
  EXPECT_EQ(ReadWholeFile(folder / "absent"), std::nullopt);
}

}  // namespace
}  // namespace churn::events

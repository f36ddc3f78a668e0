#include "events/c_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using ::churn::testing::ReadTextFile;
using ::churn::testing::TempDir;

bool DescriptorIsOpen(int descriptor) {
  return ::fcntl(descriptor, F_GETFD) != -1;
}

TEST(ErrnoTextTest, GivesTheWordsOfAnErrnoValue) {
  EXPECT_EQ(ErrnoText(ENOENT), "No such file or directory");
  EXPECT_EQ(ErrnoText(EACCES), "Permission denied");
}

TEST(CFileTest, ClosesTheFileWhenTheHandleGoes) {
  TempDir dir;
  int descriptor = -1;
  {
    CFile file(std::fopen((dir / "out.txt").c_str(), "wb"));
    ASSERT_NE(file, nullptr);
    descriptor = ::fileno(file.get());
    ASSERT_TRUE(DescriptorIsOpen(descriptor));
    ASSERT_EQ(std::fputs("buffered", file.get()), 1);
  }
  EXPECT_FALSE(DescriptorIsOpen(descriptor));
  // Closing flushed what stdio still held.
  EXPECT_EQ(ReadTextFile(dir / "out.txt"), "buffered");
}

TEST(CFileTest, HoldsNothingWhenTheOpenFailed) {
  TempDir dir;
  CFile file(std::fopen((dir / "missing.txt").c_str(), "rb"));
  EXPECT_EQ(file, nullptr);
  EXPECT_EQ(errno, ENOENT);
}

}  // namespace
}  // namespace churn::events

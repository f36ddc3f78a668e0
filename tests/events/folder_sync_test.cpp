#include "events/folder_sync.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using ::churn::testing::TempDir;
using ::churn::testing::WriteTextFile;

// Runs SyncFolder and returns the IoError's message ("" if none).
std::string SyncError(const std::filesystem::path& folder) {
  try {
    SyncFolder(folder);
  } catch (const IoError& error) {
    return error.what();
  }
  return "";
}

TEST(SyncFolderTest, SyncsAFolder) {
  TempDir dir;
  WriteTextFile(dir / "out.csv", "a\n");
  EXPECT_EQ(SyncError(dir.path()), "");
}

TEST(SyncFolderTest, TakesAnEmptyPathAsTheCurrentFolder) {
  TempDir dir;
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const std::string message = SyncError("");
  std::filesystem::current_path(previous);
  EXPECT_EQ(message, "");
}

TEST(SyncFolderTest, RaisesIoErrorNamingAMissingFolder) {
  TempDir dir;
  const std::string folder = (dir / "gone").string();
  EXPECT_EQ(SyncError(folder),
            folder + ": cannot open the folder to sync it (No such file or directory)");
}

TEST(SyncFolderTest, RaisesIoErrorForAFile) {
  TempDir dir;
  const std::string file = WriteTextFile(dir / "out.csv", "a\n").string();
  EXPECT_EQ(SyncError(file), file + ": cannot open the folder to sync it (Not a directory)");
}

TEST(SyncFolderTest, RaisesIoErrorForAFolderItCannotRead) {
  if (::geteuid() == 0) {
    GTEST_SKIP() << "root reads every folder, whatever its permissions";
  }
  TempDir dir;
  const std::filesystem::path folder = dir / "locked";
  std::filesystem::create_directories(folder);
  std::filesystem::permissions(
      folder, std::filesystem::perms::owner_write | std::filesystem::perms::owner_exec);
  const std::string message = SyncError(folder);
  std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
  EXPECT_EQ(message, folder.string() + ": cannot open the folder to sync it (Permission denied)");
}

}  // namespace
}  // namespace churn::events

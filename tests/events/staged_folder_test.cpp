#include "events/staged_folder.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "testing/temp_dir.h"

namespace churn::events {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;

// A process id that is not running: the largest one Linux hands out is far
// below it.
constexpr long kDeadProcess = 999999999;

TEST(StagedFolderTest, CommitMovesTheWholeFolderIntoPlace) {
  TempDir parent;
  {
    StagedFolder staged(parent.path() / "scores", "2020-02-01");
    WriteTextFile(staged.path() / "summary.json", "{}");
    EXPECT_FALSE(std::filesystem::exists(parent.path() / "scores" / "2020-02-01"))
        << "nothing is in place before the commit";
    staged.Commit();
  }
  EXPECT_EQ(ReadTextFile(parent.path() / "scores" / "2020-02-01" / "summary.json"), "{}");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(parent.path() / "scores"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(StagedFolderTest, ACommitReplacesTheOldFolderWhole) {
  TempDir parent;
  WriteTextFile(parent.path() / "2020-02-01" / "old_only.txt", "old");
  StagedFolder staged(parent.path(), "2020-02-01");
  WriteTextFile(staged.path() / "new.txt", "new");
  staged.Commit();
  EXPECT_FALSE(std::filesystem::exists(parent.path() / "2020-02-01" / "old_only.txt"));
  EXPECT_EQ(ReadTextFile(parent.path() / "2020-02-01" / "new.txt"), "new");
}

TEST(StagedFolderTest, WithoutACommitNothingIsLeftAndTheOldFolderStays) {
  TempDir parent;
  WriteTextFile(parent.path() / "2020-02-01" / "kept.txt", "kept");
  {
    StagedFolder staged(parent.path(), "2020-02-01");
    WriteTextFile(staged.path() / "half.txt", "half");
  }
  EXPECT_EQ(ReadTextFile(parent.path() / "2020-02-01" / "kept.txt"), "kept");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(parent.path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(StagedFolderTest, StagingFoldersOfDeadWritersAreRemovedAndLiveOnesKept) {
  TempDir parent;
  std::filesystem::path dead = parent.path() / fmt::format(".2020-01-01.tmp-{}", kDeadProcess);
  std::filesystem::path alive = parent.path() / fmt::format(".2020-01-01.tmp-{}", getppid());
  std::filesystem::path other = parent.path() / ".hidden-notes";
  for (const std::filesystem::path& folder : {dead, alive, other}) {
    std::filesystem::create_directories(folder);
  }
  EXPECT_TRUE(ProcessAlive(getpid()));
  EXPECT_FALSE(ProcessAlive(kDeadProcess));
  StagedFolder staged(parent.path(), "2020-02-01");
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(alive));
  EXPECT_TRUE(std::filesystem::exists(other));
}

TEST(StagedFolderTest, NamesItsStagingFolderAfterItsWriter) {
  TempDir parent;
  StagedFolder staged(parent.path(), "2020-02-01");
  const std::string name = staged.path().filename().string();
  EXPECT_THAT(name, ::testing::StartsWith(fmt::format(".2020-02-01.tmp-{}-", getpid())));
  EXPECT_FALSE(WriterGone(name));
  EXPECT_EQ(StagedFolder::RemoveStale(parent.path()), 0);
  EXPECT_TRUE(std::filesystem::exists(staged.path()));
}

}  // namespace
}  // namespace churn::events

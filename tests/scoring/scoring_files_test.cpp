#include "scoring/scoring_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace churn::scoring {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::ElementsAre;

TEST(ScoringFilesTest, OnlyCompleteScoringsNamedByADateAreListedInOrder) {
  TempDir folder;
  EXPECT_TRUE(ListScorings(folder.path() / "absent").empty());
  for (const char* date : {"2020-02-01", "2019-12-01", "2020-01-01"}) {
    WriteTextFile(ScoringFolder(folder.path(), date) / kScoringSummaryFile, "{}");
  }
  std::filesystem::create_directories(folder.path() / "2020-03-01");  // no summary: incomplete
  WriteTextFile(folder.path() / "notes" / kScoringSummaryFile, "{}");
  WriteTextFile(folder.path() / ".2020-04-01.tmp-12" / kScoringSummaryFile, "{}");
  WriteTextFile(folder.path() / "2020-13-45" / kScoringSummaryFile, "{}");
  EXPECT_THAT(ListScorings(folder.path()), ElementsAre("2019-12-01", "2020-01-01", "2020-02-01"));
  EXPECT_EQ(LatestScoring(folder.path()), "2020-02-01");
  EXPECT_EQ(LatestScoring(folder.path() / "absent"), std::nullopt);
}

}  // namespace
}  // namespace churn::scoring

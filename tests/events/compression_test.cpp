#include "events/compression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace churn::events {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

TEST(CompressionFromPathTest, ChoosesByTheLastExtension) {
  EXPECT_EQ(CompressionFromPath("logs/2019-Oct.csv"), Compression::kNone);
  EXPECT_EQ(CompressionFromPath("logs/2019-Oct.csv.gz"), Compression::kGzip);
  EXPECT_EQ(CompressionFromPath("logs/2019-Oct.csv.zst"), Compression::kZstd);
  EXPECT_EQ(CompressionFromPath("2019-Oct"), Compression::kNone);
}

TEST(CompressionFromPathTest, IgnoresCompressionNamesElsewhereInThePath) {
  EXPECT_EQ(CompressionFromPath("archive.gz/2019-Oct.csv"), Compression::kNone);
  EXPECT_EQ(CompressionFromPath("2019-Oct.gz.csv"), Compression::kNone);
  EXPECT_EQ(CompressionFromPath("2019-Oct.csv.zstd"), Compression::kNone);
  EXPECT_EQ(CompressionFromPath("2019-Oct.csv.gzip"), Compression::kNone);
}

TEST(CompressionNameTest, NamesEachKind) {
  EXPECT_EQ(CompressionName(Compression::kNone), "plain");
  EXPECT_EQ(CompressionName(Compression::kGzip), "gzip");
  EXPECT_EQ(CompressionName(Compression::kZstd), "zstd");
}

TEST(CompressionChoicesTest, ListsTheThreeNames) {
  EXPECT_THAT(kCompressionChoices, ElementsAre("none", "gz", "zst"));
}

TEST(ParseCompressionChoiceTest, ParsesEachChoice) {
  EXPECT_THAT(ParseCompressionChoice("none"), Optional(Compression::kNone));
  EXPECT_THAT(ParseCompressionChoice("gz"), Optional(Compression::kGzip));
  EXPECT_THAT(ParseCompressionChoice("zst"), Optional(Compression::kZstd));
}

TEST(ParseCompressionChoiceTest, RejectsEveryOtherName) {
  for (const std::string_view name :
       {"", "plain", "gzip", "zstd", ".gz", "GZ", "Zst", "None", " gz", "gz ", "zs", "zstt"}) {
    EXPECT_EQ(ParseCompressionChoice(name), std::nullopt) << "'" << name << "'";
  }
}

TEST(CompressionExtensionTest, GivesEachKindsExtension) {
  EXPECT_EQ(CompressionExtension(Compression::kNone), "");
  EXPECT_EQ(CompressionExtension(Compression::kGzip), ".gz");
  EXPECT_EQ(CompressionExtension(Compression::kZstd), ".zst");
}

TEST(CompressionExtensionTest, NamesFilesThatCompressionFromPathReadsBack) {
  for (const std::string_view choice : kCompressionChoices) {
    const std::optional<Compression> compression = ParseCompressionChoice(choice);
    ASSERT_TRUE(compression.has_value()) << choice;
    const std::string name = "2019-Oct.csv" + std::string(CompressionExtension(*compression));
    EXPECT_EQ(CompressionFromPath(name), *compression) << name;
  }
}

}  // namespace
}  // namespace churn::events

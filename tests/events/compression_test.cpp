#include "events/compression.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

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

}  // namespace
}  // namespace churn::events

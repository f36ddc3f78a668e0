#include "features/row_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "errors/error.h"
#include "io_error_of.h"
#include "testing/temp_dir.h"

namespace churn::features {
namespace {

using churn::features::testing::IoErrorOf;
using churn::testing::TempDir;
using ::testing::HasSubstr;

// Every figure of SnapshotStats: the store must carry them all.
constexpr std::array<double SnapshotStats::*, 33> kFigures = {
    &SnapshotStats::events,
    &SnapshotStats::views,
    &SnapshotStats::carts,
    &SnapshotStats::removes,
    &SnapshotStats::purchases,
    &SnapshotStats::night_events,
    &SnapshotStats::weekend_events,
    &SnapshotStats::spend,
    &SnapshotStats::viewed_price_sum,
    &SnapshotStats::active_days,
    &SnapshotStats::observation_days,
    &SnapshotStats::days_since_last_visit,
    &SnapshotStats::days_since_first_visit,
    &SnapshotStats::days_since_last_purchase,
    &SnapshotStats::days_since_last_cart,
    &SnapshotStats::sessions,
    &SnapshotStats::session_minutes_mean,
    &SnapshotStats::session_minutes_max,
    &SnapshotStats::session_depth_mean,
    &SnapshotStats::session_depth_max,
    &SnapshotStats::gap_days_mean,
    &SnapshotStats::gap_days_max,
    &SnapshotStats::gap_days_last,
    &SnapshotStats::events_7d,
    &SnapshotStats::events_8_35d,
    &SnapshotStats::events_14d,
    &SnapshotStats::events_prev_28d,
    &SnapshotStats::sessions_14d,
    &SnapshotStats::spend_30d,
    &SnapshotStats::spend_prev_30d,
    &SnapshotStats::unique_products,
    &SnapshotStats::unique_categories,
    &SnapshotStats::unique_brands,
};
// And the purchase history's.
constexpr std::array<double PurchaseHistory::*, 4> kPurchaseFigures = {
    &PurchaseHistory::frequency,
    &PurchaseHistory::recency,
    &PurchaseHistory::age,
    &PurchaseHistory::monetary,
};
static_assert(sizeof(PurchaseHistory) == sizeof(double) * kPurchaseFigures.size(),
              "a figure was added to PurchaseHistory: add it to kPurchaseFigures");
static_assert(sizeof(SnapshotStats) ==
                  sizeof(double) * (kFigures.size() + 1) + sizeof(PurchaseHistory),
              "a figure was added to SnapshotStats: add it to kFigures");

// The stats of row `row` of snapshot `snapshot`, each figure different.
SnapshotStats StatsOf(int snapshot, int row) {
  SnapshotStats stats;
  stats.observed = row % 2 == 0;
  stats.in_cohort = row % 3 == 0;
  stats.churned = (row + snapshot) % 2 == 1;
  for (std::size_t figure = 0; figure < kFigures.size(); ++figure) {
    stats.*kFigures[figure] =
        snapshot * 1e6 + row * 100.0 + static_cast<double>(figure) + 0.25 - (row == 3 ? 1e9 : 0);
  }
  for (std::size_t figure = 0; figure < kPurchaseFigures.size(); ++figure) {
    stats.purchase_history.*kPurchaseFigures[figure] =
        snapshot * 1e6 + row * 100.0 + static_cast<double>(figure + kFigures.size()) + 0.5;
  }
  return stats;
}

std::string UserIdOf(int snapshot, int row) {
  if (row == 1) {
    return "";  // an empty id is a row too
  }
  if (row == 4) {
    return "a-long-user-id-" + std::string(500, static_cast<char>('a' + snapshot));
  }
  return std::to_string(snapshot) + "-" + std::to_string(row);
}

std::uint64_t KeyOfRow(int snapshot, int row) {
  return 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(snapshot * 1000 + row + 1);
}

// Writes `rows` rows to `snapshot` in blocks of `block_rows`; returns the bytes.
std::int64_t WriteRows(RowStore* store, int snapshot, int rows, int block_rows) {
  std::int64_t bytes = 0;
  std::string block;
  int in_block = 0;
  for (int row = 0; row < rows; ++row) {
    RowStore::AppendRow(UserIdOf(snapshot, row), KeyOfRow(snapshot, row), StatsOf(snapshot, row),
                        &block);
    if (++in_block == block_rows || row + 1 == rows) {
      store->Write(static_cast<std::size_t>(snapshot), block, in_block);
      bytes += static_cast<std::int64_t>(block.size());
      block.clear();
      in_block = 0;
    }
  }
  return bytes;
}

void ExpectRows(const RowStore& store, int snapshot, int rows) {
  SCOPED_TRACE("snapshot " + std::to_string(snapshot));
  RowStore::Reader reader = store.Read(static_cast<std::size_t>(snapshot));
  StoredRow row;
  for (int row_idx = 0; row_idx < rows; ++row_idx) {
    SCOPED_TRACE("row " + std::to_string(row_idx));
    ASSERT_TRUE(reader.Next(&row));
    EXPECT_EQ(row.user_id, UserIdOf(snapshot, row_idx));
    EXPECT_EQ(row.user_key, KeyOfRow(snapshot, row_idx));
    SnapshotStats expected = StatsOf(snapshot, row_idx);
    EXPECT_EQ(row.stats.observed, expected.observed);
    EXPECT_EQ(row.stats.in_cohort, expected.in_cohort);
    EXPECT_EQ(row.stats.churned, expected.churned);
    for (std::size_t figure = 0; figure < kFigures.size(); ++figure) {
      EXPECT_EQ(row.stats.*kFigures[figure], expected.*kFigures[figure]) << "figure " << figure;
    }
    for (auto figure : kPurchaseFigures) {
      EXPECT_EQ(row.stats.purchase_history.*figure, expected.purchase_history.*figure);
    }
  }
  EXPECT_FALSE(reader.Next(&row)) << "no more rows";
}

TEST(RowStoreTest, RowsWrittenInBlocksComeBackInOrderWithEveryField) {
  TempDir dir;
  SpillFolder folder(dir.path());
  RowStore store(folder, 2);
  EXPECT_EQ(store.snapshots(), 2U);
  // Interleaved blocks of the two snapshots, as partitions are turned into rows.
  std::int64_t bytes = WriteRows(&store, 0, 7, 3);
  bytes += WriteRows(&store, 1, 5, 2);
  bytes += WriteRows(&store, 0, 0, 1);  // nothing
  store.Close();
  EXPECT_EQ(store.rows(0), 7);
  EXPECT_EQ(store.rows(1), 5);
  EXPECT_EQ(store.total_rows(), 12);
  EXPECT_GT(store.bytes(), 0);
  EXPECT_EQ(store.bytes(), bytes);
  const std::int64_t header_bytes = 16;            // the key, the id's size and the flags
  const std::int64_t figure_bytes = (33 + 4) * 8;  // every double of SnapshotStats, no bools
  const std::int64_t id_bytes = 5 * 3 + 515 + 3 * 3 + 515;  // "0-0".."0-6" and "1-0".."1-4"
  EXPECT_EQ(store.bytes(), 12 * (header_bytes + figure_bytes) + id_bytes);
  ExpectRows(store, 0, 7);
  ExpectRows(store, 1, 5);
  ExpectRows(store, 1, 5);  // a snapshot can be read more than once
  EXPECT_EQ(StatsOf(1, 2).*kFigures[32], 1e6 + 200 + 32 + 0.25) << "the figures differ";
}

TEST(RowStoreTest, ASnapshotWithoutRowsReadsEmpty) {
  TempDir dir;
  SpillFolder folder(dir.path());
  RowStore store(folder, 3);
  WriteRows(&store, 2, 4, 4);
  store.Close();
  EXPECT_EQ(store.rows(0), 0);
  EXPECT_EQ(store.rows(1), 0);
  EXPECT_EQ(store.rows(2), 4);
  StoredRow row;
  RowStore::Reader empty = store.Read(1);
  EXPECT_FALSE(empty.Next(&row));
  ExpectRows(store, 2, 4);
}

TEST(RowStoreTest, TheRowsLiveInTheSpillFolder) {
  TempDir dir;
  std::filesystem::path folder_path;
  {
    SpillFolder folder(dir.path());
    folder_path = folder.path();
    RowStore store(folder, 2);
    WriteRows(&store, 0, 2, 2);
    store.Close();
    EXPECT_TRUE(std::filesystem::exists(folder.File("snapshot-0.rows")));
    EXPECT_TRUE(std::filesystem::exists(folder.File("snapshot-1.rows")));
    EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(folder.File("snapshot-0.rows"))),
              store.bytes());
  }
  EXPECT_FALSE(std::filesystem::exists(folder_path));
}

TEST(RowStoreTest, ARowFileCutInsideARowIsAnIoErrorNamingTheFile) {
  TempDir dir;
  SpillFolder folder(dir.path());
  RowStore store(folder, 1);
  WriteRows(&store, 0, 1, 1);
  store.Close();
  const std::filesystem::path file = folder.File("snapshot-0.rows");
  // The 16-byte header (key, id size, flags), the id "0-0", 100 bytes of the figures.
  std::filesystem::resize_file(file, 16 + 3 + 100);
  RowStore::Reader reader = store.Read(0);
  StoredRow row;
  const std::string message = IoErrorOf([&] { reader.Next(&row); });
  EXPECT_THAT(message, HasSubstr(file.string()));
  EXPECT_THAT(message, HasSubstr("(100 of 296 bytes)"));
}

TEST(RowStoreTest, ARowFileCutAfterAnIdIsAnIoErrorNamingTheFile) {
  TempDir dir;
  SpillFolder folder(dir.path());
  RowStore store(folder, 1);
  WriteRows(&store, 0, 1, 1);
  store.Close();
  const std::filesystem::path file = folder.File("snapshot-0.rows");
  std::filesystem::resize_file(file, 16 + 3);
  RowStore::Reader reader = store.Read(0);
  StoredRow row;
  EXPECT_THAT(IoErrorOf([&] { reader.Next(&row); }), HasSubstr(file.string()));
}

}  // namespace
}  // namespace churn::features

#include "features/row_store.h"

#include <fmt/format.h>

#include <cstddef>
#include <cstring>

namespace churn::features {
namespace {

constexpr std::string_view kInRow = "a row";

// A row is this header, the user id, then the stats' figures as they lie in
// memory from `events` on (doubles only). No padding is written anywhere, so
// that row files hold no uninitialised bytes.
struct RowHeader {
  std::uint64_t user_key = 0;
  std::uint32_t user_id_size = 0;
  std::uint32_t flags = 0;  // observed, in_cohort, churned
};
static_assert(sizeof(RowHeader) == 16);

enum RowFlag : std::uint32_t { kObserved = 1, kInCohort = 2, kChurned = 4 };

constexpr std::size_t kFiguresOffset = offsetof(SnapshotStats, events);
constexpr std::size_t kFiguresSize = sizeof(SnapshotStats) - kFiguresOffset;
static_assert(kFiguresSize % sizeof(double) == 0, "the figures are doubles, unpadded");

char* FiguresOf(SnapshotStats& stats) {
  return reinterpret_cast<char*>(&stats) + kFiguresOffset;
}
const char* FiguresOf(const SnapshotStats& stats) {
  return reinterpret_cast<const char*>(&stats) + kFiguresOffset;
}

template <typename T>
void AppendBytes(const T& value, std::string* block) {
  static_assert(std::is_trivially_copyable_v<T>);
  block->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

RowStore::RowStore(const SpillFolder& folder, std::size_t snapshots) : rows_(snapshots, 0) {
  writers_.reserve(snapshots);
  for (std::size_t snapshot_idx = 0; snapshot_idx < snapshots; ++snapshot_idx) {
    writers_.emplace_back(folder.File(fmt::format("snapshot-{}.rows", snapshot_idx)));
  }
}

void RowStore::AppendRow(std::string_view user_id, std::uint64_t user_key,
                         const SnapshotStats& stats, std::string* block) {
  std::uint32_t flags = (stats.observed ? kObserved : 0U) | (stats.in_cohort ? kInCohort : 0U) |
                        (stats.churned ? kChurned : 0U);
  AppendBytes(RowHeader{.user_key = user_key,
                        .user_id_size = static_cast<std::uint32_t>(user_id.size()),
                        .flags = flags},
              block);
  block->append(user_id);
  block->append(FiguresOf(stats), kFiguresSize);
}

void RowStore::Write(std::size_t snapshot_idx, std::string_view block, std::int64_t rows) {
  writers_[snapshot_idx].Write(block);
  rows_[snapshot_idx] += rows;
}

void RowStore::Close() {
  for (SpillWriter& writer : writers_) {
    writer.Close();
  }
}

RowStore::Reader RowStore::Read(std::size_t snapshot_idx) const {
  return Reader(writers_[snapshot_idx].path());
}

std::int64_t RowStore::total_rows() const {
  std::int64_t total = 0;
  for (std::int64_t rows : rows_) {
    total += rows;
  }
  return total;
}

std::int64_t RowStore::bytes() const {
  std::int64_t total = 0;
  for (const SpillWriter& writer : writers_) {
    total += writer.bytes_written();
  }
  return total;
}

bool RowStore::Reader::Next(StoredRow* row) {
  RowHeader header;
  if (!in_.ReadValue(&header)) {
    return false;
  }
  row->user_key = header.user_key;
  in_.ReadString(header.user_id_size, &row->user_id, kInRow);
  in_.ReadRest(FiguresOf(row->stats), kFiguresSize, kInRow);
  row->stats.observed = (header.flags & kObserved) != 0;
  row->stats.in_cohort = (header.flags & kInCohort) != 0;
  row->stats.churned = (header.flags & kChurned) != 0;
  return true;
}

}  // namespace churn::features

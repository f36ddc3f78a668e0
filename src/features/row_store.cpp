#include "features/row_store.h"

#include <fmt/format.h>

#include <cstring>

#include "errors/error.h"

namespace churn::features {
namespace {

struct RowHeader {
  std::uint64_t user_key = 0;
  std::uint32_t user_id_size = 0;
};

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
  AppendBytes(
      RowHeader{.user_key = user_key, .user_id_size = static_cast<std::uint32_t>(user_id.size())},
      block);
  block->append(user_id);
  AppendBytes(stats, block);
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
  in_.ReadString(header.user_id_size, &row->user_id);
  if (!in_.ReadValue(&row->stats)) {
    throw IoError("a row file ends inside a row");
  }
  return true;
}

}  // namespace churn::features

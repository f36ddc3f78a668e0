#pragma once
// RowStore keeps a run's rows until the tables can be written: for each
// snapshot, every labelled user's SnapshotStats, on disk in the spill folder,
// in the order they were made (partition by partition, users by id within a
// partition). The features of a row need the context fitted on all training
// rows, and the split needs every label, so rows are made first, stored,
// and read back once both are known; memory holds none of them.
//
//   RowStore store(folder, plan.snapshots.size());
//   store.Write(snapshot_idx, block, rows_in_block);  // blocks from AppendRow
//   store.Close();
//   RowStore::Reader rows = store.Read(0);
//   StoredRow row;
//   while (rows.Next(&row)) { ... row.user_id, row.stats ... }

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "features/snapshot_stats.h"
#include "features/spill_folder.h"

namespace churn::features {

struct StoredRow {
  std::string user_id;
  std::uint64_t user_key = 0;
  SnapshotStats stats;
};

class RowStore {
 public:
  RowStore(const SpillFolder& folder, std::size_t snapshots);

  // Encodes one row onto the end of `block`, for Write.
  static void AppendRow(std::string_view user_id, std::uint64_t user_key,
                        const SnapshotStats& stats, std::string* block);
  // Appends a block of `rows` encoded rows to a snapshot's rows.
  void Write(std::size_t snapshot_idx, std::string_view block, std::int64_t rows);
  // Ends the writing; call before Read.
  void Close();

  class Reader {
   public:
    explicit Reader(const std::filesystem::path& path) : in_(path) {}
    bool Next(StoredRow* row);

   private:
    SpillReader in_;
  };
  Reader Read(std::size_t snapshot_idx) const;

  std::size_t snapshots() const { return writers_.size(); }
  std::int64_t rows(std::size_t snapshot_idx) const { return rows_[snapshot_idx]; }
  std::int64_t total_rows() const;
  std::int64_t bytes() const;

 private:
  std::vector<SpillWriter> writers_;
  std::vector<std::int64_t> rows_;
};

}  // namespace churn::features

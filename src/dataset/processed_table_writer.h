#pragma once
// Writes processed_train.csv and processed_test.csv: one row per user and
// snapshot, `user_id,snapshot,<features in registry order>,churn`, readable
// by pandas. Written atomically: a failed run leaves no half table.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/atomic_file_writer.h"

namespace churn::dataset {

class ProcessedTableWriter {
 public:
  ProcessedTableWriter(const std::filesystem::path& path, const std::vector<std::string>& features);

  void Write(std::string_view user_id, std::string_view snapshot_date,
             std::span<const double> values, bool churned);

  // Rows formatted elsewhere (by several threads) with AppendRow.
  void WriteRows(std::string_view text, std::int64_t rows, std::int64_t churned);
  // Appends one row as Write would write it; thread-safe.
  static void AppendRow(std::string_view user_id, std::string_view snapshot_date,
                        std::span<const double> values, bool churned, std::string* out);
  void Commit();

  std::int64_t rows() const { return rows_; }
  std::int64_t churned() const { return churned_; }

 private:
  events::AtomicFileWriter file_;
  std::string line_;
  std::int64_t rows_ = 0;
  std::int64_t churned_ = 0;
};

}  // namespace churn::dataset

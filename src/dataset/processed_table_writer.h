#pragma once
// Writes processed_train.csv and processed_test.csv: one row per user and
// snapshot, `user_id,snapshot,<features in registry order>,<purchase
// history>,churn`, readable by pandas. The purchase history (kPurchaseColumns)
// is what the customer-value models read of a row, not a model feature:
// tried as features, these columns made every candidate worse out of time.
// Written atomically: a failed run leaves no half table.

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/atomic_file_writer.h"
#include "features/purchase_history.h"

namespace churn::dataset {

// The purchase history's columns, in PurchaseHistory's order: frequency,
// recency, age (days) and monetary value.
inline constexpr std::array<std::string_view, 4> kPurchaseColumns = {
    "repeat_purchase_days", "purchase_span_days", "days_since_first_purchase",
    "repeat_purchase_value"};

class ProcessedTableWriter {
 public:
  ProcessedTableWriter(const std::filesystem::path& path, const std::vector<std::string>& features);

  void Write(std::string_view user_id, std::string_view snapshot_date,
             std::span<const double> values, const features::PurchaseHistory& purchases,
             bool churned);

  // Rows formatted elsewhere (by several threads) with AppendRow.
  void WriteRows(std::string_view text, std::int64_t rows, std::int64_t churned);
  // Appends one row as Write would write it; thread-safe.
  static void AppendRow(std::string_view user_id, std::string_view snapshot_date,
                        std::span<const double> values, const features::PurchaseHistory& purchases,
                        bool churned, std::string* out);
  void Commit();

  std::int64_t rows() const { return rows_; }
  // Written so far, the header included: where the next row starts.
  std::int64_t bytes() const { return file_.bytes_written(); }
  std::int64_t churned() const { return churned_; }

 private:
  events::AtomicFileWriter file_;
  std::string line_;
  std::int64_t rows_ = 0;
  std::int64_t churned_ = 0;
};

}  // namespace churn::dataset

#include "dataset/processed_table_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include "events/csv_field.h"

namespace churn::dataset {

ProcessedTableWriter::ProcessedTableWriter(const std::filesystem::path& path,
                                           const std::vector<std::string>& features)
    : file_(path) {
  file_.Write(fmt::format("user_id,snapshot,{},{},churn\n", fmt::join(features, ","),
                          fmt::join(kPurchaseColumns, ",")));
}

void ProcessedTableWriter::AppendRow(std::string_view user_id, std::string_view snapshot_date,
                                     std::span<const double> values,
                                     const features::PurchaseHistory& purchases, bool churned,
                                     std::string* out) {
  // Formats compiled once, not parsed per value: a table has tens of
  // millions of values.
  auto inserter = std::back_inserter(*out);
  events::AppendCsvField(user_id, out);
  out->push_back(',');
  out->append(snapshot_date);
  for (double value : values) {
    fmt::format_to(inserter, FMT_COMPILE(",{}"),
                   value);  // the shortest text that reads back exactly
  }
  fmt::format_to(inserter, FMT_COMPILE(",{},{},{},{}"), purchases.frequency, purchases.recency,
                 purchases.age, purchases.monetary);
  out->append(churned ? ",1\n" : ",0\n");
}

void ProcessedTableWriter::Write(std::string_view user_id, std::string_view snapshot_date,
                                 std::span<const double> values,
                                 const features::PurchaseHistory& purchases, bool churned) {
  line_.clear();
  AppendRow(user_id, snapshot_date, values, purchases, churned, &line_);
  WriteRows(line_, 1, churned ? 1 : 0);
}

void ProcessedTableWriter::WriteRows(std::string_view text, std::int64_t rows,
                                     std::int64_t churned) {
  file_.Write(text);
  rows_ += rows;
  churned_ += churned;
}

void ProcessedTableWriter::Commit() {
  file_.Commit();
}

}  // namespace churn::dataset

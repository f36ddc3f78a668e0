#include "dataset/processed_table_writer.h"

#include <fmt/format.h>

namespace churn::dataset {

ProcessedTableWriter::ProcessedTableWriter(const std::filesystem::path& path,
                                           const std::vector<std::string>& features)
    : file_(path) {
  file_.Write(fmt::format("user_id,snapshot,{},churn\n", fmt::join(features, ",")));
}

void ProcessedTableWriter::Write(std::string_view user_id, std::string_view snapshot_date,
                                 std::span<const double> values, bool churned) {
  line_.clear();
  auto out = std::back_inserter(line_);
  fmt::format_to(out, "{},{}", user_id, snapshot_date);
  for (double value : values) {
    fmt::format_to(out, ",{:.6g}", value);  // six significant digits: exact for counts and flags
  }
  fmt::format_to(out, ",{}\n", churned ? 1 : 0);
  file_.Write(line_);
  ++rows_;
  churned_ += churned ? 1 : 0;
}

void ProcessedTableWriter::Commit() {
  file_.Commit();
}

}  // namespace churn::dataset

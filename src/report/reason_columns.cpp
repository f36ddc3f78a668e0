#include "report/reason_columns.h"

#include <fmt/format.h>

#include <vector>

#include "events/csv_field.h"
#include "explain/reason_phrases.h"

namespace churn::report {

std::string ReasonColumnsHeader(std::size_t count) {
  std::string header;
  for (std::size_t idx = 1; idx <= count; ++idx) {
    header += fmt::format(",reason_{}", idx);
  }
  return header;
}

void AppendReasonColumns(const dataset::FeatureMatrix& features, std::size_t row,
                         std::span<const float> shap, std::size_t count, std::string* line) {
  if (count == 0) {
    return;
  }
  std::vector<explain::Reason> reasons =
      explain::TopReasons(features.names, features.Row(row), shap, count);
  for (std::size_t idx = 0; idx < count; ++idx) {
    *line += ',';
    events::AppendCsvField(idx < reasons.size() ? reasons[idx].phrase : "", line);
  }
}

}  // namespace churn::report

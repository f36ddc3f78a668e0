#include "scoring/at_risk_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "events/atomic_file_writer.h"
#include "events/csv_field.h"
#include "report/reason_columns.h"

namespace churn::scoring {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

}  // namespace

std::vector<std::size_t> RiskOrder(std::span<const double> probabilities,
                                   std::span<const std::string> user_ids) {
  std::vector<std::size_t> order(probabilities.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    if (probabilities[left] != probabilities[right]) {
      return probabilities[left] > probabilities[right];
    }
    return user_ids[left] < user_ids[right];
  });
  return order;
}

void WriteAtRiskList(const std::filesystem::path& path, const std::string& as_of,
                     const dataset::LabelledRows& rows, std::span<const double> probabilities,
                     std::span<const float> shap, std::span<const std::size_t> order,
                     const model::ModelBundle& bundle) {
  events::AtomicFileWriter file(path);
  std::string text =
      "user_id,as_of,probability,band,flagged" + report::ReasonColumnsHeader(kAtRiskReasons) + "\n";
  std::size_t width = rows.features.cols() + 1;
  for (std::size_t row : order) {
    events::AppendCsvField(rows.user_ids[row], &text);
    double probability = probabilities[row];
    fmt::format_to(std::back_inserter(text), ",{},{},{},{}", as_of, probability,
                   bundle.RiskBand(probability), bundle.Flagged(probability) ? 1 : 0);
    report::AppendReasonColumns(rows.features, row, shap.subspan(row * width, width - 1),
                                kAtRiskReasons, &text);
    text += '\n';
    if (text.size() > kFlushBytes) {
      file.Write(text);
      text.clear();
    }
  }
  file.Write(text);
  file.Commit();
}

}  // namespace churn::scoring

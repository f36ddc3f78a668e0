#include "scoring/at_risk_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "events/atomic_file_writer.h"
#include "events/csv_field.h"
#include "report/reason_columns.h"

namespace churn::scoring {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

// The four value cells of one row: empty without a model, p_alive empty
// for a user who never bought.
void AppendRowValueCells(const ScoredValues& values, std::size_t row, std::string* text) {
  if (!values.model) {
    *text += ",,,,";
    return;
  }
  AppendValueCells(values.users[row], values.value_at_risk[row], text);
}

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

std::vector<std::size_t> ListOrder(std::span<const double> probabilities,
                                   const ScoredValues& values,
                                   std::span<const std::string> user_ids) {
  if (values.rank_by != value::RankBy::kValueAtRisk || !values.model) {
    return RiskOrder(probabilities, user_ids);
  }
  std::span<const double> at_risk = values.value_at_risk;
  std::vector<std::size_t> order = RiskOrder(probabilities, user_ids);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return at_risk[left] > at_risk[right];
  });
  return order;
}

void WriteAtRiskList(const std::filesystem::path& path, const std::string& as_of,
                     const ListedUsers& users, std::span<const std::size_t> order,
                     const model::ModelBundle& bundle) {
  const dataset::LabelledRows& rows = users.rows;
  events::AtomicFileWriter file(path);
  std::string text = "user_id,as_of,probability,band,flagged," + std::string(kValueColumns) +
                     report::ReasonColumnsHeader(kAtRiskReasons) + "\n";
  std::size_t width = rows.features.cols() + 1;
  for (std::size_t row : order) {
    events::AppendCsvField(rows.user_ids[row], &text);
    double probability = users.probabilities[row];
    fmt::format_to(std::back_inserter(text), ",{},{},{},{}", as_of, probability,
                   bundle.RiskBand(probability), bundle.Flagged(probability) ? 1 : 0);
    AppendRowValueCells(users.values, row, &text);
    report::AppendReasonColumns(rows.features, row, users.shap.subspan(row * width, width - 1),
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

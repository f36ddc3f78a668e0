#include "report/value_baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "errors/error.h"
#include "value/bgnbd_model.h"
#include "value/customer_value.h"

namespace churn::report {
namespace {

// The row indices of each cutoff, and its value model; nullopt when one
// cutoff has none.
struct CutoffGroup {
  const value::ValueModel* model = nullptr;
  std::vector<std::size_t> rows;
};

std::optional<std::map<std::string, CutoffGroup>> GroupByCutoff(
    const dataset::LabelledRows& rows, const dataset::FeatureColumns& columns) {
  if (rows.purchases.size() != rows.size()) {
    return std::nullopt;  // a table without the purchase columns
  }
  std::map<std::string, CutoffGroup> groups;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    CutoffGroup& group = groups[rows.cutoffs[row]];
    if (group.rows.empty()) {
      group.model = columns.ValueModelAt(rows.cutoffs[row]);
      if (group.model == nullptr) {
        return std::nullopt;
      }
    }
    group.rows.push_back(row);
  }
  return groups;
}

}  // namespace

std::optional<std::vector<double>> BgNbdScores(const dataset::LabelledRows& rows,
                                               const dataset::FeatureColumns& columns) {
  auto groups = GroupByCutoff(rows, columns);
  if (!groups) {
    return std::nullopt;
  }
  const std::vector<features::PurchaseHistory>& histories = rows.purchases;
  std::vector<double> scores(rows.size(), 1.0);
  for (const auto& [cutoff, group] : *groups) {
    for (std::size_t row : group.rows) {
      if (histories[row].IsCustomer()) {
        scores[row] = 1.0 - value::ProbabilityAlive(group.model->bgnbd.parameters, histories[row]);
      }
    }
  }
  return scores;
}

std::optional<std::vector<double>> RetainedValues(const dataset::LabelledRows& rows,
                                                  const dataset::FeatureColumns& columns,
                                                  int threads) {
  auto groups = GroupByCutoff(rows, columns);
  if (!groups) {
    return std::nullopt;
  }
  const std::vector<features::PurchaseHistory>& histories = rows.purchases;
  std::vector<double> values(rows.size(), 0.0);
  for (const auto& [cutoff, group] : *groups) {
    std::vector<features::PurchaseHistory> chosen;
    chosen.reserve(group.rows.size());
    for (std::size_t row : group.rows) {
      chosen.push_back(histories[row]);
    }
    std::vector<value::CustomerValue> valued =
        value::ValueCustomers(group.model->Parameters(), chosen, group.model->horizon, threads);
    for (std::size_t idx = 0; idx < group.rows.size(); ++idx) {
      const value::CustomerValue& user = valued[idx];
      values[group.rows[idx]] = user.p_alive > 0 ? user.expected_value / user.p_alive : 0.0;
    }
  }
  return values;
}

}  // namespace churn::report

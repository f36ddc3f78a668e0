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

std::vector<features::PurchaseHistory> PurchaseHistoriesOf(const dataset::FeatureMatrix& features) {
  std::array<std::size_t, kPurchaseHistoryFeatures.size()> cols{};
  for (std::size_t idx = 0; idx < cols.size(); ++idx) {
    auto found =
        std::find(features.names.begin(), features.names.end(), kPurchaseHistoryFeatures[idx]);
    if (found == features.names.end()) {
      throw InputError(fmt::format("the features have no '{}' column for the customer-value models",
                                   kPurchaseHistoryFeatures[idx]));
    }
    cols[idx] = static_cast<std::size_t>(found - features.names.begin());
  }
  std::vector<features::PurchaseHistory> histories(features.rows());
  for (std::size_t row = 0; row < histories.size(); ++row) {
    histories[row] = {.frequency = features.At(row, cols[0]),
                      .recency = features.At(row, cols[1]),
                      .age = features.At(row, cols[2]),
                      .monetary = features.At(row, cols[3])};
  }
  return histories;
}

std::optional<std::vector<double>> BgNbdScores(const dataset::LabelledRows& rows,
                                               const dataset::FeatureColumns& columns) {
  auto groups = GroupByCutoff(rows, columns);
  if (!groups) {
    return std::nullopt;
  }
  std::vector<features::PurchaseHistory> histories = PurchaseHistoriesOf(rows.features);
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
  std::vector<features::PurchaseHistory> histories = PurchaseHistoriesOf(rows.features);
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

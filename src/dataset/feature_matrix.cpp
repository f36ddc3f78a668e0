#include "dataset/feature_matrix.h"

#include "errors/error.h"

namespace churn::dataset {

LabelledRows LabelledRows::Select(std::span<const std::size_t> rows) const {
  LabelledRows selected;
  selected.features.names = features.names;
  selected.features.values.reserve(rows.size() * features.cols());
  selected.user_ids.reserve(rows.size());
  selected.cutoffs.reserve(rows.size());
  selected.churned.reserve(rows.size());
  for (std::size_t row : rows) {
    std::span<const float> values = features.Row(row);
    selected.features.values.insert(selected.features.values.end(), values.begin(), values.end());
    selected.user_ids.push_back(user_ids[row]);
    selected.cutoffs.push_back(cutoffs[row]);
    selected.churned.push_back(churned[row]);
    if (!purchases.empty()) {
      selected.purchases.push_back(purchases[row]);
    }
  }
  return selected;
}

void LabelledRows::Append(const LabelledRows& more) {
  if (more.features.names != features.names ||
      (more.size() > 0 && size() > 0 && more.purchases.empty() != purchases.empty())) {
    throw InternalError("appended rows must have the same columns");
  }
  if (size() == 0) {
    *this = more;
    return;
  }
  features.values.insert(features.values.end(), more.features.values.begin(),
                         more.features.values.end());
  user_ids.insert(user_ids.end(), more.user_ids.begin(), more.user_ids.end());
  cutoffs.insert(cutoffs.end(), more.cutoffs.begin(), more.cutoffs.end());
  churned.insert(churned.end(), more.churned.begin(), more.churned.end());
  purchases.insert(purchases.end(), more.purchases.begin(), more.purchases.end());
}

}  // namespace churn::dataset

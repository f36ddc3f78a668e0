#include "dataset/feature_matrix.h"

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

}  // namespace churn::dataset

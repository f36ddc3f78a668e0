#include "dataset/gathered_rows.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "collective/gathered_values.h"
#include "errors/error.h"

namespace churn::dataset {

LabelledRows GatherLabelledRows(LabelledRows mine, const collective::WorkerGroup& group) {
  if (!group.distributed()) {
    return mine;
  }
  // Each of this worker's columns is let go once gathered: the rows are held
  // about once, not twice.
  LabelledRows all;
  all.features.names = mine.features.names;
  all.features.values =
      collective::GatherValues<float>(std::exchange(mine.features.values, {}), group);
  all.user_ids = collective::GatherStrings(std::exchange(mine.user_ids, {}), group);
  all.cutoffs = collective::GatherStrings(std::exchange(mine.cutoffs, {}), group);
  all.churned = collective::GatherValues<std::uint8_t>(std::exchange(mine.churned, {}), group);
  all.purchases =
      collective::GatherValues<features::PurchaseHistory>(std::exchange(mine.purchases, {}), group);
  // Every worker's rows have the model's columns (their names come from
  // feature_columns.json), so the counts tell whether anything is amiss.
  if (all.features.values.size() != all.user_ids.size() * all.features.cols() ||
      all.cutoffs.size() != all.user_ids.size() ||
      (!all.churned.empty() && all.churned.size() != all.user_ids.size()) ||
      (!all.purchases.empty() && all.purchases.size() != all.user_ids.size())) {
    throw InternalError("the workers' rows do not have the same columns");
  }
  return all;
}

}  // namespace churn::dataset

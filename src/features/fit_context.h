#pragma once
// The feature context fitted on the training rows alone (the buyers' upper
// spend quartile that makes a user "high value"), so that the test set never
// shapes its own features. The workers of a distributed run fit it together,
// exactly, on all of their rows.

#include <cstdint>
#include <functional>

#include "collective/worker_group.h"
#include "features/feature_registry.h"
#include "features/row_store.h"

namespace churn::features {

// From the first `train_snapshots` snapshots of `rows`, of their users those
// `in_training` accepts (all when it is empty), and of every worker's rows
// in `group`.
FeatureContext FitFeatureContext(
    const RowStore& rows, std::size_t train_snapshots,
    const std::function<bool(std::uint64_t user_key)>& in_training,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::features

#pragma once
// The k-th smallest of values spread over the workers, exactly, without
// gathering them: eight rounds, each a pass over the local values and a sum
// of 256 counts over the group (by the next byte of an order-preserving
// key). Alone, it is the k-th smallest of the values at hand.
//
//   double upper_quartile = KthSmallest(local_spend, (total - 1) * 3 / 4, group);

#include <cstdint>
#include <span>

#include "collective/worker_group.h"

namespace churn::collective {

// The values' count over every worker.
std::int64_t TotalCount(std::span<const double> values, const WorkerGroup& group);

std::int64_t TotalCount(std::span<const std::uint64_t> keys, const WorkerGroup& group);

// `k` counts from 0 and must be below TotalCount; no value may be NaN.
// Throws InternalError otherwise.
double KthSmallest(std::span<const double> values, std::int64_t k, const WorkerGroup& group);
std::uint64_t KthSmallest(std::span<const std::uint64_t> keys, std::int64_t k,
                          const WorkerGroup& group);

}  // namespace churn::collective

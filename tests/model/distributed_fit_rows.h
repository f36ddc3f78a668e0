#pragma once
// The rows distributed_fit_test fits on: wide synthetic rows, all of them
// for one process, or the share of worker `rank` of `workers` (every
// workers-th row from its rank), as each worker of a distributed fit holds
// only its own users.

#include <cstdint>
#include <numeric>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/boosted_test_models.h"

namespace churn::model::testing {

inline constexpr std::uint64_t kDistributedSeed = 41;

struct SharedRows {
  dataset::LabelledRows train;
  dataset::LabelledRows validation;
};

inline dataset::LabelledRows ShareOf(const dataset::LabelledRows& rows, int rank, int workers) {
  std::vector<std::size_t> mine;
  for (std::size_t row_idx = static_cast<std::size_t>(rank); row_idx < rows.size();
       row_idx += static_cast<std::size_t>(workers)) {
    mine.push_back(row_idx);
  }
  return rows.Select(mine);
}

// No value missing: the logistic model needs every cell.
inline SharedRows RowsOf(int rank, int workers) {
  constexpr std::size_t kTrainRows = 3000;
  constexpr std::size_t kValidationRows = 900;
  constexpr std::size_t kFeatures = 6;
  return {
      .train = ShareOf(WideChurnRows(kTrainRows, kFeatures, kDistributedSeed, 0.0), rank, workers),
      .validation = ShareOf(WideChurnRows(kValidationRows, kFeatures, kDistributedSeed + 1, 0.0),
                            rank, workers)};
}

inline BoostedTreesParams DistributedParams() {
  BoostedTreesParams params = DepthwiseParams(40);
  params.max_depth = 4;
  params.early_stopping_rounds = 5;
  return params;
}

}  // namespace churn::model::testing

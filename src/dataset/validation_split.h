#pragma once
// Where the validation rows come from: always from the training table, never
// the test table. With two or more training snapshots the latest one
// validates (the model is fitted on the earlier ones, so validation is out
// of time, like the test); with one, a seeded share of its users,
// stratified by label.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/feature_matrix.h"

namespace churn::dataset {

struct ValidationSplit {
  std::vector<std::size_t> fit_rows;
  std::vector<std::size_t> validation_rows;
  // "latest_snapshot" or "stratified_users", for the reports.
  std::string method;
  std::string validation_cutoff;  // the latest snapshot's cutoff; empty when stratified
};

// Throws InputError when the table is too small to split (no rows on one
// side) or when a side lacks churners or stayers. Each worker of a
// distributed `group` passes its own rows and gets its own rows' split, the
// one a single process would make of all of them.
ValidationSplit SplitForValidation(
    const LabelledRows& train, double validation_share, std::uint64_t seed,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::dataset

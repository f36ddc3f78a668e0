#pragma once
// Every worker's labelled rows, gathered in rank order onto every worker:
// what a stage that must write one artifact of all rows (today's scoring)
// gathers once each worker has done the costly part on its own rows. The
// rows of a snapshot, taken in rank order, are in the order one process
// makes them (features::UserShard), so the gathered rows are one process's.
// Alone, the rows as they are.
//
//   dataset::LabelledRows all = dataset::GatherLabelledRows(std::move(mine), group);

#include "collective/worker_group.h"
#include "dataset/feature_matrix.h"

namespace churn::dataset {

// Throws InternalError when the workers' rows have other columns, or some
// carry purchase histories and others not.
LabelledRows GatherLabelledRows(LabelledRows mine, const collective::WorkerGroup& group);

}  // namespace churn::dataset

#pragma once
// Every worker's labelled rows, gathered in rank order onto every worker:
// what a stage that must write one artifact of all rows (today's scoring)
// gathers once each worker has done the costly part on its own rows. The
// rows of a snapshot, taken in rank order, are in the order one process
// makes them (features::UserShard): the gathered rows of a single snapshot
// are one process's; those of several come rank by rank (MergedTableOrder
// in worker_shards.h puts them in a merged table's order). Alone, the rows
// as they are.
//
//   dataset::LabelledRows all = dataset::GatherLabelledRows(std::move(mine), group);

#include "collective/worker_group.h"
#include "dataset/feature_matrix.h"

namespace churn::dataset {

// Throws InternalError when the gathered counts disagree: a worker's rows of
// another width, or some carrying purchase histories and others not (the
// columns' names are the model's on every worker, and not compared).
LabelledRows GatherLabelledRows(LabelledRows mine, const collective::WorkerGroup& group);

}  // namespace churn::dataset

#pragma once
// The feature tables of a distributed run: each worker writes the rows of
// its shard of users (features::UserShard) into its own folder under the
// data folder, noting where each snapshot's rows end; the coordinator then
// writes the usual tables from them, each snapshot's rows taken from the
// workers in rank order, which makes them byte for byte the tables one
// process writes. The counts only a worker's own users make (events,
// duplicates, customers) are added up over the workers; those every worker
// makes alike (rows read, rows skipped) are taken once.
//
//   OutputLayout shard = ShardLayout(output, 1, 3);    // data/shards/2-of-3/
//   ... the worker writes its tables there, with their TableShape ...
//   MergeShardTables(output, group, shape);            // the coordinator's tables

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/output_layout.h"
#include "features/customer_base.h"
#include "features/log_streamer.h"

namespace churn::dataset {

// Where worker `rank`'s shard of the tables goes: data/shards/<rank + 1>-of-<N>/.
// The models and scores folders are the run's.
OutputLayout ShardLayout(const OutputLayout& output, int rank, int workers);

// The folder of every worker's shard, data/shards/.
std::filesystem::path ShardsFolder(const OutputLayout& output);

// Where a table's parts end: the header, then each snapshot's rows (byte
// offsets), with the rows and churners it holds.
struct TableShape {
  std::int64_t header_end = 0;
  std::vector<std::int64_t> snapshot_ends;
  std::int64_t rows = 0;
  std::int64_t churned = 0;
};

// The train and test tables' shapes.
struct ShardShape {
  TableShape train;
  TableShape test;
};

// The fingerprints of every worker's shard of the tables, by shard
// ({"1-of-3": [train, test], ...}): what the run's report records beside the
// tables (artifact_lineage.h), so that a worker never reads a shard of
// another run.
nlohmann::json ShardFingerprints(const OutputLayout& output, int workers);

// Removes the shards of runs on another number of workers (data/shards/
// <k>-of-<M>/ with M other than `workers`; every shard after a run of one
// process): the coordinator's, once its own run's report is written.
void RemoveOtherRunsShards(const OutputLayout& output, int workers);

// A worker's shard of the tables against what the run's report recorded:
// InputError naming the command to run when the tables were made by another
// number of workers, or the shard is not that run's. The worker's two shard
// files, train then test.
std::vector<std::filesystem::path> RequireShardTables(const OutputLayout& output,
                                                      const collective::WorkerGroup& group);

// The order that takes rows gathered from the workers' shards of a table
// (rank by rank, each shard snapshot by snapshot) to the merged table's
// (snapshot by snapshot, each in rank order): merged row i is gathered row
// result[i]. `gathered_cutoffs[j]` is gathered row j's snapshot; the
// snapshots come in the order of their first row in `merged_cutoffs`.
std::vector<std::size_t> MergedTableOrder(std::span<const std::string> gathered_cutoffs,
                                          std::span<const std::string> merged_cutoffs);

// Every worker's shape, in rank order, on every worker (collective).
std::vector<ShardShape> GatherShapes(const ShardShape& mine, const collective::WorkerGroup& group);

// The coordinator's part: processed_train.csv and processed_test.csv of
// `output`, written whole or not at all from the shards that `shapes`
// describe. Throws IoError.
void MergeShardTables(const OutputLayout& output, const collective::WorkerGroup& group,
                      const std::vector<ShardShape>& shapes);

// `files` with each file's events and duplicate rows added up over the
// workers (collective); rows read and skipped are every worker's alike.
std::vector<features::FileReport> SumOverWorkers(std::vector<features::FileReport> files,
                                                 const collective::WorkerGroup& group);

// Every worker's customers in one base, finished (collective).
features::CustomerBase MergeOverWorkers(const features::CustomerBase& mine,
                                        const collective::WorkerGroup& group);

}  // namespace churn::dataset

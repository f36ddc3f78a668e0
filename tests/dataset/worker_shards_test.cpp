// What the workers' shards of a run look like from one worker: where each
// shard goes, and how rows gathered shard by shard line up with the merged
// tables and with one process's rows.

#include "dataset/worker_shards.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dataset/gathered_rows.h"

namespace churn::dataset {
namespace {

TEST(ShardLayoutTest, EachWorkerWritesUnderItsOwnFolderOfTheRunsData) {
  OutputLayout output{
      .data_dir = "out/data", .models_dir = "out/models", .scores_dir = "out/scores"};
  OutputLayout second = ShardLayout(output, 1, 3);
  EXPECT_EQ(second.data_dir, std::filesystem::path("out/data/shards/2-of-3"));
  EXPECT_EQ(second.models_dir, output.models_dir);
  EXPECT_EQ(second.scores_dir, output.scores_dir);
  EXPECT_EQ(ShardsFolder(output), std::filesystem::path("out/data/shards"));
}

// Three workers' test rows, gathered rank by rank, each shard snapshot by
// snapshot; the merged table holds each snapshot's rows in rank order.
TEST(MergedTableOrderTest, TakesRowsGatheredByWorkerToTheMergedTablesSnapshotBySnapshot) {
  std::vector<std::string> gathered = {"2020-01-01", "2020-02-01",                // rank 0
                                       "2020-01-01", "2020-01-01", "2020-02-01",  // rank 1
                                       "2020-02-01"};                             // rank 2
  std::vector<std::string> merged = {"2020-01-01", "2020-01-01", "2020-01-01",
                                     "2020-02-01", "2020-02-01", "2020-02-01"};
  EXPECT_EQ(MergedTableOrder(gathered, merged), (std::vector<std::size_t>{0, 2, 3, 1, 4, 5}));
}

TEST(MergedTableOrderTest, KeepsTheOrderOfASingleSnapshot) {
  std::vector<std::string> one(4, "2020-01-01");
  EXPECT_EQ(MergedTableOrder(one, one), (std::vector<std::size_t>{0, 1, 2, 3}));
}

// The snapshots come in the merged table's order, not the dates'.
TEST(MergedTableOrderTest, FollowsTheMergedTablesOrderOfSnapshots) {
  std::vector<std::string> gathered = {"b", "a", "b", "a"};
  std::vector<std::string> merged = {"b", "b", "a", "a"};
  EXPECT_EQ(MergedTableOrder(gathered, merged), (std::vector<std::size_t>{0, 2, 1, 3}));
}

// A snapshot the merged table lacks goes last, where the caller's check of
// the ids finds it.
TEST(MergedTableOrderTest, PutsRowsOfAnUnknownSnapshotLast) {
  std::vector<std::string> gathered = {"x", "a", "a"};
  std::vector<std::string> merged = {"a", "a"};
  EXPECT_EQ(MergedTableOrder(gathered, merged), (std::vector<std::size_t>{1, 2, 0}));
}

TEST(GatherLabelledRowsTest, AloneGivesTheRowsAsTheyAre) {
  LabelledRows rows;
  rows.features.names = {"a", "b"};
  rows.features.values = {1, 2, 3, 4};
  rows.user_ids = {"u1", "u2"};
  rows.cutoffs = {"2020-01-01", "2020-01-01"};
  rows.churned = {0, 1};
  LabelledRows gathered = GatherLabelledRows(rows, collective::WorkerGroup::Solo());
  EXPECT_EQ(gathered.features.values, rows.features.values);
  EXPECT_EQ(gathered.user_ids, rows.user_ids);
  EXPECT_EQ(gathered.churned, rows.churned);
}

}  // namespace
}  // namespace churn::dataset

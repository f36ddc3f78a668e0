// The collective operations over three real worker processes (tests/
// collective/collective_probe.cpp) that Debian's XGBoost tracker brings
// together on loopback, and RunLocalWorkers' handling of a worker that fails.

#include "collective/worker_group.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "collective/local_workers.h"
#include "collective/tracker_process.h"
#include "errors/error.h"
#include "testing/worker_processes.h"

namespace churn::collective {
namespace {

using ::testing::HasSubstr;

constexpr int kWorkers = 3;

using testing::TrackerInstalled;

std::vector<std::string> Probe(const TrackerAddress& tracker, const std::string& mode = "") {
  std::vector<std::string> command = {CHURN_COLLECTIVE_PROBE, tracker.ToString(),
                                      std::to_string(kWorkers)};
  if (!mode.empty()) {
    command.push_back(mode);
  }
  return command;
}

TEST(WorkerGroupTest, ASoloGroupLeavesItsDataAsItIs) {
  EXPECT_TRUE(WorkerGroup::Solo().AllOf(true));
  EXPECT_FALSE(WorkerGroup::Solo().AllOf(false));
  WorkerGroup alone = WorkerGroup::Solo();
  std::vector<double> sums = {1.5, 2.5};
  alone.Sum(sums);
  EXPECT_EQ(sums, (std::vector<double>{1.5, 2.5}));
  std::string bytes = "mine";
  alone.Broadcast(bytes, 0);
  EXPECT_EQ(bytes, "mine");
  EXPECT_EQ(alone.Gather("mine"), std::vector<std::string>{"mine"});
  EXPECT_TRUE(alone.coordinator());
  EXPECT_FALSE(alone.distributed());
}

// Each worker prints what every operation gave it: the same on each, and
// what the three workers' values make together.
TEST(WorkerGroupTest, ThreeWorkersOverLoopbackShareEveryOperation) {
  if (!TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  std::set<int> ranks;
  for (const std::string& printed :
       testing::RunProbes(kWorkers, [](const TrackerAddress& tracker) { return Probe(tracker); })) {
    nlohmann::json got = nlohmann::json::parse(printed);
    ranks.insert(got["rank"].get<int>());
    EXPECT_EQ(got["size"], kWorkers);
    EXPECT_EQ(got["sums"], nlohmann::json::array({0.5 + 1.5 + 2.5, 3.0}));
    EXPECT_EQ(got["counts"], nlohmann::json::array({1 + 2 + 3}));
    EXPECT_EQ(got["highest"], nlohmann::json::array({20}));
    EXPECT_EQ(got["lowest"], nlohmann::json::array({0}));
    EXPECT_EQ(got["from_last"], "from the last");
    EXPECT_EQ(got["gathered"], nlohmann::json::array({"", "x", "xx"})) << "in rank order";
    EXPECT_EQ(got["fifteenth"], 14.0) << "the 15th smallest of 0..29 over the workers";
    EXPECT_EQ(got["agreed"]["all_true"], true);
    EXPECT_EQ(got["agreed"]["all_but_rank_1"], false) << "one worker's false is everyone's";
    // A step that fails on one worker fails on every worker: that one with
    // its own error, the others with one of the same kind naming it.
    const nlohmann::json& steps = got["steps"];
    if (got["rank"] == 1) {
      EXPECT_EQ(steps[0], nlohmann::json({{"input_error", "bad shard here"}}));
      EXPECT_EQ(steps[1], nlohmann::json({{"other", "disk full here"}}));
    } else {
      EXPECT_EQ(
          steps[0],
          nlohmann::json({{"input_error", "worker 2 of 3 stopped the run; its error says why"}}));
      EXPECT_EQ(
          steps[1],
          nlohmann::json({{"cluster_error", "worker 2 of 3 stopped the run; its error says why"}}));
    }
    EXPECT_EQ(steps[2], "done") << "and the workers go on together after it";
  }
  EXPECT_EQ(ranks, (std::set<int>{0, 1, 2}));
}

TEST(WorkerGroupTest, AWorkerThatFailsFailsTheRunNamingItAndStopsTheOthers) {
  if (!TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  try {
    RunLocalWorkers(kWorkers, [](const TrackerAddress& tracker, int worker_idx) {
      return Probe(tracker, worker_idx == 1 ? "exit" : "wait");
    });
    FAIL() << "the run went on without its second worker";
  } catch (const ClusterError& error) {
    EXPECT_THAT(error.what(), HasSubstr("worker 2 of 3"));
    EXPECT_THAT(error.what(), HasSubstr("exited with status 3"));
    EXPECT_THAT(error.what(), HasSubstr("the other workers were stopped"));
  }
}

TEST(WorkerGroupTest, AWorkerKilledBySignalIsNamedWithTheSignal) {
  if (!TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  try {
    RunLocalWorkers(kWorkers, [](const TrackerAddress& tracker, int worker_idx) {
      return Probe(tracker, worker_idx == 0 ? "abort" : "wait");
    });
    FAIL() << "the run went on without its first worker";
  } catch (const ClusterError& error) {
    EXPECT_THAT(error.what(), HasSubstr("worker 1 of 3"));
    EXPECT_THAT(error.what(), HasSubstr("was killed by signal 6"));
  }
}

TEST(WorkerGroupTest, LocalWorkersThatAllSucceedEndTheRun) {
  if (!TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  int started = 0;
  EXPECT_NO_THROW(RunLocalWorkers(kWorkers, [&](const TrackerAddress& tracker, int) {
    ++started;
    std::vector<std::string> command = Probe(tracker);
    return command;
  }));
  EXPECT_EQ(started, kWorkers);
}

TEST(WorkerGroupTest, AMissingTrackerIsAnErrorSayingWhatToInstall) {
  ::setenv("CHURN_RADAR_XGBOOST_TRACKER", "/nonexistent/tracker.py", 1);
  try {
    TrackerProcess::Start(kWorkers, "127.0.0.1");
    ADD_FAILURE() << "a tracker started from nowhere";
  } catch (const ClusterError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/nonexistent/tracker.py"));
    EXPECT_THAT(error.what(), HasSubstr("python3-xgboost"));
  }
  ::unsetenv("CHURN_RADAR_XGBOOST_TRACKER");
}

}  // namespace
}  // namespace churn::collective

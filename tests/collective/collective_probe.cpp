// One worker of worker_group_test: joins the tracker at argv[1] as one of
// argv[2] workers and runs every collective operation on values that depend
// on its rank, then prints what it got as one JSON object on stdout. With
// argv[3] "exit", it leaves with status 3 after joining instead, as a
// worker that fails; with "abort", it aborts (SIGABRT); with "wait", it
// waits for the others forever.

#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "collective/group_membership.h"
#include "collective/radix_select.h"
#include "collective/step_together.h"
#include "collective/tracker_address.h"
#include "errors/error.h"

namespace {

using churn::collective::WorkerGroup;

// What a step ended with on this worker: "done", or the error's kind and text.
nlohmann::json StepEnd(const WorkerGroup& group, const std::function<void()>& step) {
  try {
    churn::collective::StepTogether(group, step);
    return "done";
  } catch (const churn::InputError& error) {
    return {{"input_error", error.what()}};
  } catch (const churn::ClusterError& error) {
    return {{"cluster_error", error.what()}};
  } catch (const std::exception& error) {
    return {{"other", error.what()}};
  }
}

// A step that fails on the worker of rank 1 only (an InputError, then an
// IoError), and one that fails nowhere: every worker ends each alike.
nlohmann::json StepsTogether(const WorkerGroup& group) {
  bool failing = group.rank() == 1;
  return nlohmann::json::array({StepEnd(group,
                                        [&] {
                                          if (failing) {
                                            throw churn::InputError("bad shard here");
                                          }
                                        }),
                                StepEnd(group,
                                        [&] {
                                          if (failing) {
                                            throw churn::IoError("disk full here");
                                          }
                                        }),
                                StepEnd(group, [] {})});
}

nlohmann::json RunOperations(const WorkerGroup& group) {
  const int rank = group.rank();
  std::array<double, 2> sums = {rank + 0.5, 1.0};
  group.Sum(sums);
  std::array<std::int64_t, 1> counts = {rank + 1};
  group.Sum(counts);
  std::array<std::int64_t, 1> highest = {rank * 10};
  group.Max(highest);
  std::array<std::int64_t, 1> lowest = {rank * 10};
  group.Min(lowest);
  std::string from_last = rank == group.size() - 1 ? "from the last" : "";
  group.Broadcast(from_last, group.size() - 1);
  std::vector<std::string> gathered =
      group.Gather(std::string(static_cast<std::size_t>(rank), 'x'));
  // Worker r holds r*10 .. r*10+9, less and less; the median of all is at 14.5.
  std::vector<double> values;
  for (int value_idx = 9; value_idx >= 0; --value_idx) {
    values.push_back(rank * 10 + value_idx);
  }
  double fifteenth = churn::collective::KthSmallest(values, 14, group);
  nlohmann::json agreed = {{"all_true", group.AllOf(true)},
                           {"all_but_rank_1", group.AllOf(rank != 1)}};
  group.Barrier();
  return {{"rank", rank},           {"size", group.size()},         {"sums", sums},
          {"counts", counts},       {"highest", highest},           {"lowest", lowest},
          {"from_last", from_last}, {"gathered", gathered},         {"fifteenth", fifteenth},
          {"agreed", agreed},       {"steps", StepsTogether(group)}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: collective_probe HOST:PORT WORKERS [exit|wait]\n";
    return 2;
  }
  std::string mode = argc > 3 ? argv[3] : "";
  try {
    churn::collective::GroupMembership membership(
        {.tracker = churn::collective::TrackerAddress::Parse(argv[1]),
         .workers = std::stoi(argv[2]),
         .task_id = "probe-" + std::to_string(::getpid()),
         .timeout_seconds = 60});
    if (mode == "exit") {
      return 3;
    }
    if (mode == "abort") {
      std::abort();
    }
    if (mode == "wait") {
      membership.group().Barrier();  // the others never come
    }
    std::cout << RunOperations(membership.group()).dump() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "collective_probe: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

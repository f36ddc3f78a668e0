#pragma once
// The main of a probe program that RunProbes (worker_processes.h) starts as
// one worker of a distributed test: it joins the tracker at argv[1] as one of
// argv[2] workers, runs `part` with its group, and exits 0; 2 on a wrong
// command line, 1 (with the error on stderr) when joining or `part` throws.
//
//   int main(int argc, char** argv) {
//     return churn::testing::RunProbe(argc, argv, {.name = "my_probe", .extra = ""},
//                                     [&](const collective::WorkerGroup& group) { ... });
//   }

#include <exception>
#include <functional>
#include <iostream>
#include <string>

#include "collective/group_membership.h"
#include "collective/tracker_address.h"

namespace churn::testing {

struct ProbeSpec {
  const char* name;           // in the usage and error lines, and the workers' task ids
  const char* extra = "";     // the usage of the arguments after WORKERS, if any
  int extra_arguments = 0;    // how many there are
  int timeout_seconds = 120;  // of the collective
};

inline int RunProbe(int argc, char** argv, const ProbeSpec& spec,
                    const std::function<void(const collective::WorkerGroup&)>& part) {
  if (argc != 3 + spec.extra_arguments) {
    std::cerr << "usage: " << spec.name << " HOST:PORT WORKERS " << spec.extra << "\n";
    return 2;
  }
  try {
    collective::GroupMembership membership({.tracker = collective::TrackerAddress::Parse(argv[1]),
                                            .workers = std::stoi(argv[2]),
                                            .task_id = std::string(spec.name) + "-" + argv[2],
                                            .timeout_seconds = spec.timeout_seconds});
    part(membership.group());
  } catch (const std::exception& error) {
    std::cerr << spec.name << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace churn::testing

// One worker of stability_bins_distributed_test: joins the tracker at
// argv[1] as one of argv[2] workers, fits the stability bins of its share of
// the reference values together with the others, and prints them as JSON.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "collective/group_membership.h"
#include "metrics/population_stability.h"
#include "metrics/stability_bins_values.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: stability_bins_probe HOST:PORT WORKERS\n";
    return 2;
  }
  try {
    churn::collective::GroupMembership membership(
        {.tracker = churn::collective::TrackerAddress::Parse(argv[1]),
         .workers = std::stoi(argv[2]),
         .task_id = std::string("bins-probe-") + argv[2],
         .timeout_seconds = 60});
    const churn::collective::WorkerGroup& group = membership.group();
    churn::metrics::StabilityBins bins = churn::metrics::FitStabilityBins(
        churn::metrics::testing::ShareOf(churn::metrics::testing::StabilityReference(),
                                         group.rank(), group.size()),
        group);
    std::cout
        << nlohmann::json{{"upper_edges", bins.upper_edges}, {"expected", bins.expected}}.dump()
        << "\n";
  } catch (const std::exception& error) {
    std::cerr << "stability_bins_probe: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

// One worker of stability_bins_distributed_test: joins the tracker at
// argv[1] as one of argv[2] workers, fits the stability bins of its share of
// the reference values together with the others, and prints them as JSON.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "metrics/population_stability.h"
#include "metrics/stability_bins_values.h"
#include "testing/probe_main.h"

int main(int argc, char** argv) {
  return churn::testing::RunProbe(
      argc, argv, {.name = "stability_bins_probe"},
      [](const churn::collective::WorkerGroup& group) {
        churn::metrics::StabilityBins bins = churn::metrics::FitStabilityBins(
            churn::metrics::testing::ShareOf(churn::metrics::testing::StabilityReference(),
                                             group.rank(), group.size()),
            group);
        std::cout
            << nlohmann::json{{"upper_edges", bins.upper_edges}, {"expected", bins.expected}}.dump()
            << "\n";
      });
}

// The drift reference's bins over several workers (issue 17): three worker
// processes, one of them without values, fit together exactly the bins one
// process fits on all the values, signed zeros, infinities, ties and NaN
// included.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/population_stability.h"
#include "metrics/stability_bins_values.h"
#include "testing/worker_processes.h"

namespace churn::metrics::testing {
namespace {

constexpr int kWorkers = 3;

TEST(StabilityBinsDistributedTest, ThreeWorkersFitTheBinsOfOneProcessExactly) {
  if (!churn::testing::TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  StabilityBins alone = FitStabilityBins(StabilityReference());
  ASSERT_GT(alone.upper_edges.size(), 3U);
  nlohmann::json expected = {{"upper_edges", alone.upper_edges}, {"expected", alone.expected}};
  for (const std::string& printed :
       churn::testing::RunProbes(kWorkers, [](const collective::TrackerAddress& tracker) {
         return std::vector<std::string>{CHURN_STABILITY_BINS_PROBE, tracker.ToString(),
                                         std::to_string(kWorkers)};
       })) {
    EXPECT_EQ(nlohmann::json::parse(printed).dump(), expected.dump())
        << "edges and shares, to the bit";
  }
}

TEST(StabilityBinsDistributedTest, AloneTheGroupFitsAsWithout) {
  std::vector<double> values = StabilityReference();
  StabilityBins with_group = FitStabilityBins(values, collective::WorkerGroup::Solo());
  StabilityBins without = FitStabilityBins(values);
  EXPECT_EQ(with_group.upper_edges, without.upper_edges);
  EXPECT_EQ(with_group.expected, without.expected);
}

}  // namespace
}  // namespace churn::metrics::testing

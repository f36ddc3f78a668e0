// One worker of distributed_fit_test: joins the tracker at argv[1] as one of
// argv[2] workers, takes its share of the wide synthetic rows (every
// argv[2]-th row from its rank), fits argv[3] ("xgboost" or "logreg")
// through the collective, and prints {"rank": r, "model": <its JSON>}.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "collective/group_membership.h"
#include "model/boosted_test_models.h"
#include "model/distributed_fit_rows.h"
#include "model/logistic_regression.h"

namespace churn::model::testing {
namespace {

std::string FitShare(const collective::WorkerGroup& group, const std::string& kind) {
  SharedRows rows = RowsOf(group.rank(), group.size());
  if (kind == "logreg") {
    return FitLogisticRegression(LogisticParams{}, rows.train, group)->ToJson();
  }
  BoostingOptions options;
  options.group = group;
  return FitBoostedTrees(ModelKind::kXgboost, DistributedParams(), rows.train, rows.validation,
                         /*threads=*/1, kDistributedSeed, nullptr, options)
      ->ToJson();
}

}  // namespace
}  // namespace churn::model::testing

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: distributed_fit_probe HOST:PORT WORKERS xgboost|logreg\n";
    return 2;
  }
  try {
    churn::collective::GroupMembership membership(
        {.tracker = churn::collective::TrackerAddress::Parse(argv[1]),
         .workers = std::stoi(argv[2]),
         .task_id = std::string("fit-probe-") + argv[2],
         .timeout_seconds = 120});
    const churn::collective::WorkerGroup& group = membership.group();
    nlohmann::json printed = {{"rank", group.rank()},
                              {"model", churn::model::testing::FitShare(group, argv[3])}};
    std::cout << printed.dump() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "distributed_fit_probe: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

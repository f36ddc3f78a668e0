// One worker of distributed_fit_test: joins the tracker at argv[1] as one of
// argv[2] workers, takes its share of the wide synthetic rows (every
// argv[2]-th row from its rank), fits argv[3] ("xgboost" or "logreg")
// through the collective, and prints {"rank": r, "model": <its JSON>}.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/boosted_test_models.h"
#include "model/distributed_fit_rows.h"
#include "model/logistic_regression.h"
#include "testing/probe_main.h"

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
  return churn::testing::RunProbe(
      argc, argv,
      {.name = "distributed_fit_probe", .extra = "xgboost|logreg", .extra_arguments = 1},
      [&](const churn::collective::WorkerGroup& group) {
        nlohmann::json printed = {{"rank", group.rank()},
                                  {"model", churn::model::testing::FitShare(group, argv[3])}};
        std::cout << printed.dump() << "\n";
      });
}

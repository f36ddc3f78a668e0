// Fits through XGBoost's collective (issue 17): three worker processes
// (distributed_fit_probe), each holding a third of the rows, fit one model
// together. Every worker ends with the same model; the logistic model is
// the one process's on all rows, to rounding; the boosted trees differ from
// one process's only by the histogram bins, which the workers choose from a
// merged quantile sketch rather than from all the values at once.

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/ranking_metrics.h"
#include "model/boosted_trees.h"
#include "model/distributed_fit_rows.h"
#include "model/logistic_regression.h"
#include "testing/worker_processes.h"

namespace churn::model::testing {
namespace {

constexpr int kWorkers = 3;

// Each worker's model JSON, in the order the workers were started.
std::vector<std::string> FitOnThreeWorkers(const std::string& kind) {
  std::vector<std::string> models;
  for (const std::string& printed :
       churn::testing::RunProbes(kWorkers, [&](const collective::TrackerAddress& tracker) {
         return std::vector<std::string>{CHURN_DISTRIBUTED_FIT_PROBE, tracker.ToString(),
                                         std::to_string(kWorkers), kind};
       })) {
    models.push_back(nlohmann::json::parse(printed).at("model").get<std::string>());
  }
  return models;
}

void ExpectClose(const nlohmann::json& got, const nlohmann::json& expected, const char* key) {
  std::vector<double> got_values = got.at(key).get<std::vector<double>>();
  std::vector<double> expected_values = expected.at(key).get<std::vector<double>>();
  ASSERT_EQ(got_values.size(), expected_values.size()) << key;
  for (std::size_t idx = 0; idx < got_values.size(); ++idx) {
    EXPECT_NEAR(got_values[idx], expected_values[idx], 1e-9 * (1 + std::abs(expected_values[idx])))
        << key << "[" << idx << "]";
  }
}

double AucOf(const Classifier& model, const dataset::LabelledRows& rows) {
  return metrics::RocAuc(model.PredictMargin(rows.features, 1), rows.churned);
}

TEST(DistributedFitTest, ThreeWorkersFitTheLogisticModelOfAllTheirRows) {
  if (!churn::testing::TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  std::vector<std::string> models = FitOnThreeWorkers("logreg");
  ASSERT_EQ(models.size(), 3U);
  EXPECT_EQ(models[1], models[0]) << "every worker ends with the same model";
  EXPECT_EQ(models[2], models[0]);
  nlohmann::json distributed = nlohmann::json::parse(models[0]);
  nlohmann::json alone =
      nlohmann::json::parse(FitLogisticRegression(LogisticParams{}, RowsOf(0, 1).train)->ToJson());
  for (const char* key : {"mean", "scale", "coefficients"}) {
    ExpectClose(distributed, alone, key);
  }
  EXPECT_NEAR(distributed["intercept"].get<double>(), alone["intercept"].get<double>(), 1e-9);
}

TEST(DistributedFitTest, ThreeWorkersBoostOneModelAsGoodAsOneProcesssOnAllRows) {
  if (!churn::testing::TrackerInstalled()) {
    GTEST_SKIP() << "python3-xgboost's tracker.py is not installed";
  }
  std::vector<std::string> models = FitOnThreeWorkers("xgboost");
  ASSERT_EQ(models.size(), 3U);
  EXPECT_EQ(models[1], models[0]) << "every worker ends with the same trees";
  EXPECT_EQ(models[2], models[0]);
  SharedRows all = RowsOf(0, 1);
  dataset::LabelledRows check = WideChurnRows(3000, 6, kDistributedSeed + 2, 0.0);
  std::unique_ptr<Classifier> distributed =
      LoadBoostedTrees(ModelKind::kXgboost, models[0], check.features.names);
  std::unique_ptr<Classifier> alone =
      FitBoostedTrees(ModelKind::kXgboost, DistributedParams(), all.train, all.validation, 1,
                      kDistributedSeed, nullptr);
  double distributed_auc = AucOf(*distributed, check);
  double alone_auc = AucOf(*alone, check);
  EXPECT_GT(distributed_auc, 0.75) << "the trees learned the rows";
  RecordProperty("auc_distributed", std::to_string(distributed_auc));
  RecordProperty("auc_alone", std::to_string(alone_auc));
  EXPECT_NEAR(distributed_auc, alone_auc, 0.01);
}

}  // namespace
}  // namespace churn::model::testing

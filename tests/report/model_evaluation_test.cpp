#include "report/model_evaluation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::report {
namespace {

const std::vector<double> kScores = {0.1, 0.4, 0.35, 0.8};
const std::vector<std::uint8_t> kLabels = {0, 0, 1, 1};

TEST(ModelEvaluationTest, GathersEveryFigureAtTheThreshold) {
  ModelEvaluation evaluation =
      EvaluateScores(kScores, kLabels, {.threshold = 0.35, .economics = {1.0, 50.0, 0.2, false}});
  EXPECT_EQ(evaluation.rows, 4);
  EXPECT_EQ(evaluation.churners, 2);
  EXPECT_DOUBLE_EQ(evaluation.prevalence, 0.5);
  EXPECT_DOUBLE_EQ(evaluation.roc_auc, 0.75);
  EXPECT_NEAR(evaluation.pr_auc, 0.8333333333, 1e-9);
  EXPECT_EQ(evaluation.confusion.true_positives, 2) << "0.35 and 0.8";
  EXPECT_EQ(evaluation.confusion.false_positives, 1) << "0.4";
  EXPECT_DOUBLE_EQ(evaluation.expected_profit, 2 * 50.0 * 0.2 - 3 * 1.0);
  ASSERT_TRUE(evaluation.log_loss.has_value());
  EXPECT_FALSE(evaluation.intervals.has_value()) << "no resamples asked for";
  nlohmann::json json = ToJson(evaluation);
  for (const char* key : {"roc_auc", "pr_auc", "f1", "precision", "recall", "accuracy",
                          "confusion_matrix", "log_loss", "brier_score", "prevalence",
                          "top_decile_lift", "threshold", "expected_profit"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
}

TEST(ModelEvaluationTest, ScoresThatAreNotProbabilitiesGetNoLogLoss) {
  std::vector<double> days = {3, 20, 15, 40};
  EvaluationOptions options;
  options.threshold = 15;
  options.bootstrap_resamples = 50;
  options.seed = 1;
  options.scores_are_probabilities = false;
  ModelEvaluation evaluation = EvaluateScores(days, kLabels, options);
  EXPECT_FALSE(evaluation.log_loss.has_value());
  EXPECT_TRUE(ToJson(evaluation)["log_loss"].is_null());
  ASSERT_TRUE(evaluation.intervals.has_value());
  EXPECT_LT(evaluation.intervals->roc_auc.low, evaluation.intervals->roc_auc.high)
      << "four rows resampled 50 times do not all rank alike";
  EXPECT_DOUBLE_EQ(evaluation.roc_auc, 0.75);
  EXPECT_TRUE(ToJson(evaluation).contains("roc_auc_95"));
}

TEST(ModelEvaluationTest, ASingleClassIsAClearErrorNotNaN) {
  std::vector<std::uint8_t> stayers = {0, 0, 0, 0};
  EXPECT_THROW(EvaluateScores(kScores, stayers, {}), InputError);
}

}  // namespace
}  // namespace churn::report

#include "model/boosted_trees.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "errors/error.h"
#include "model/synthetic_churn_rows.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using testing::kConstantColumn;
using testing::kDaysColumn;
using testing::kSyntheticFeatures;
using testing::SyntheticChurnRows;

constexpr std::size_t kTrainRows = 2000;
constexpr std::size_t kValidationRows = 1000;
constexpr std::uint64_t kTrainSeed = 1;
constexpr std::uint64_t kValidationSeed = 2;
constexpr int kThreads = 2;
constexpr std::uint64_t kSeed = 42;

// Small, quick trees; the tests are about the plumbing, not the fit.
BoostedTreesParams QuickParams() {
  BoostedTreesParams params;
  params.rounds = 40;
  params.max_depth = 3;
  params.learning_rate = 0.3;
  params.early_stopping_rounds = 10;
  return params;
}

BoostedTreesParams QuickLeafwiseParams() {
  BoostedTreesParams params = QuickParams();
  params.max_depth = 0;
  params.max_leaves = 8;
  return params;
}

class BoostedTreesTest : public ::testing::Test {
 protected:
  std::unique_ptr<Classifier> Fit(std::string_view kind, const BoostedTreesParams& params,
                                  BoostingReport* report = nullptr) {
    return FitBoostedTrees(kind, params, train_, validation_, kThreads, kSeed, report);
  }

  dataset::LabelledRows train_ = SyntheticChurnRows(kTrainRows, kTrainSeed);
  dataset::LabelledRows validation_ = SyntheticChurnRows(kValidationRows, kValidationSeed);
};

TEST_F(BoostedTreesTest, SavesXgboostsOwnJsonWithTheFeatureNames) {
  BoostingReport report;
  std::unique_ptr<Classifier> model = Fit("xgboost", QuickParams(), &report);
  EXPECT_EQ(model->Kind(), "xgboost");
  nlohmann::json saved = nlohmann::json::parse(model->ToJson());
  ASSERT_TRUE(saved.contains("learner"));
  EXPECT_EQ(saved["learner"]["feature_names"].get<std::vector<std::string>>(), kSyntheticFeatures);
  EXPECT_EQ(saved["learner"]["objective"]["name"], "binary:logistic");
  EXPECT_GE(report.rounds_run, report.best_round);
  EXPECT_GE(report.best_round, 1);
  // The base rate alone scores log(2) at best on balanced classes; the
  // features carry far more than that.
  EXPECT_LT(report.best_validation_log_loss, 0.5);
}

TEST_F(BoostedTreesTest, MarginsAreLogOddsThatRankChurnersFirst) {
  std::unique_ptr<Classifier> model = Fit("xgboost", QuickParams());
  std::vector<double> margins = model->PredictMargin(validation_.features);
  ASSERT_EQ(margins.size(), kValidationRows);
  double churners = 0;
  double churner_margins = 0;
  double stayer_margins = 0;
  double probabilities = 0;
  for (std::size_t row_idx = 0; row_idx < margins.size(); ++row_idx) {
    bool churned = validation_.churned[row_idx] == 1;
    churners += churned ? 1 : 0;
    (churned ? churner_margins : stayer_margins) += margins[row_idx];
    probabilities += Probability(margins[row_idx]);
  }
  double rows = static_cast<double>(margins.size());
  // As log-odds, they average to about the churn rate once turned into
  // probabilities; and churners score well above stayers.
  EXPECT_NEAR(probabilities / rows, churners / rows, 0.03);
  EXPECT_GT(churner_margins / churners - stayer_margins / (rows - churners), 1.0);
}

TEST_F(BoostedTreesTest, SavedAndLoadedModelsGiveExactlyTheSameMargins) {
  std::unique_ptr<Classifier> model = Fit("xgboost_leafwise", QuickLeafwiseParams());
  std::unique_ptr<Classifier> loaded =
      LoadBoostedTrees("xgboost_leafwise", model->ToJson(), kSyntheticFeatures, kThreads);
  EXPECT_EQ(loaded->Kind(), "xgboost_leafwise");
  EXPECT_EQ(loaded->PredictMargin(validation_.features),
            model->PredictMargin(validation_.features));
  EXPECT_EQ(loaded->ToJson(), model->ToJson());
}

TEST_F(BoostedTreesTest, TheSameSeedGivesByteIdenticalModels) {
  BoostedTreesParams params = QuickParams();
  params.subsample = 0.7;  // sampling is where the seed matters
  params.colsample_bytree = 0.6;
  std::string first = Fit("xgboost", params)->ToJson();
  std::string second = Fit("xgboost", params)->ToJson();
  EXPECT_EQ(first, second);
  std::string other_seed =
      FitBoostedTrees("xgboost", params, train_, validation_, kThreads, kSeed + 1, nullptr)
          ->ToJson();
  EXPECT_NE(first, other_seed);
}

TEST_F(BoostedTreesTest, EarlyStoppingKeepsOnlyTheBestRounds) {
  BoostedTreesParams params = QuickParams();
  params.rounds = 2000;
  params.max_depth = 6;
  params.learning_rate = 0.5;
  params.early_stopping_rounds = 5;
  BoostingReport report;
  std::unique_ptr<Classifier> model = Fit("xgboost", params, &report);
  EXPECT_LT(report.rounds_run, params.rounds);
  EXPECT_EQ(report.rounds_run - report.best_round, params.early_stopping_rounds);
  nlohmann::json saved = nlohmann::json::parse(model->ToJson());
  EXPECT_EQ(saved["learner"]["gradient_booster"]["model"]["gbtree_model_param"]["num_trees"],
            std::to_string(report.best_round));
}

TEST_F(BoostedTreesTest, NoEarlyStoppingKeepsEveryRound) {
  BoostedTreesParams params = QuickParams();
  params.rounds = 30;
  params.early_stopping_rounds = 0;
  BoostingReport report;
  std::unique_ptr<Classifier> model = Fit("xgboost", params, &report);
  EXPECT_EQ(report.rounds_run, 30);
  EXPECT_EQ(report.best_round, 30);
  nlohmann::json saved = nlohmann::json::parse(model->ToJson());
  EXPECT_EQ(saved["learner"]["gradient_booster"]["model"]["gbtree_model_param"]["num_trees"], "30");
}

TEST_F(BoostedTreesTest, EarlyStoppingEndsAnEasySeparableProblemLongBeforeItsRounds) {
  train_ = SyntheticChurnRows(kTrainRows, kTrainSeed, /*separable=*/true);
  validation_ = SyntheticChurnRows(kValidationRows, kValidationSeed, /*separable=*/true);
  BoostedTreesParams params = QuickParams();
  params.rounds = 2000;
  BoostingReport report;
  Fit("xgboost", params, &report);
  EXPECT_LT(report.rounds_run, params.rounds);
  EXPECT_LT(report.best_validation_log_loss, 0.01);
}

TEST_F(BoostedTreesTest, TheLeafwiseCandidateGrowsLossguideTrees) {
  auto grow_policy = [](const Classifier& model) {
    nlohmann::json config = nlohmann::json::parse(XgboostConfigJson(model));
    return config["learner"]["gradient_booster"]["updater"]["grow_quantile_histmaker"]
                 ["train_param"];
  };
  nlohmann::json leafwise = grow_policy(*Fit("xgboost_leafwise", QuickLeafwiseParams()));
  EXPECT_EQ(leafwise["grow_policy"], "lossguide");
  EXPECT_EQ(leafwise["max_leaves"], "8");
  EXPECT_EQ(leafwise["max_depth"], "0");
  nlohmann::json depthwise = grow_policy(*Fit("xgboost", QuickParams()));
  EXPECT_EQ(depthwise["grow_policy"], "depthwise");
  EXPECT_EQ(depthwise["max_depth"], "3");
}

TEST_F(BoostedTreesTest, ImportancesListEveryFeatureInColumnOrder) {
  std::vector<FeatureImportance> importances = Fit("xgboost", QuickParams())->Importances();
  ASSERT_EQ(importances.size(), kSyntheticFeatures.size());
  for (std::size_t column_idx = 0; column_idx < importances.size(); ++column_idx) {
    EXPECT_EQ(importances[column_idx].feature, kSyntheticFeatures[column_idx]);
  }
  // A constant feature cannot be split on.
  EXPECT_EQ(importances[kConstantColumn].gain, 0);
  EXPECT_EQ(importances[kConstantColumn].weight, 0);
  EXPECT_EQ(importances[kConstantColumn].cover, 0);
  // The days since the last visit drive churn most.
  for (std::size_t column_idx = 0; column_idx < importances.size(); ++column_idx) {
    if (column_idx != kDaysColumn) {
      EXPECT_GT(importances[kDaysColumn].gain, importances[column_idx].gain);
    }
  }
  EXPECT_GE(importances[kDaysColumn].weight, 1);
  EXPECT_GT(importances[kDaysColumn].cover, 0);
}

TEST_F(BoostedTreesTest, ScoringOtherColumnsNamesTheFirstDifference) {
  std::unique_ptr<Classifier> model = Fit("xgboost", QuickParams());
  dataset::FeatureMatrix renamed = validation_.features;
  renamed.names[2] = "spend_30d";
  EXPECT_THAT([&] { model->PredictMargin(renamed); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("column 3 is 'spend_30d', expected 'spend_90d'")));
  dataset::FeatureMatrix fewer;
  fewer.names = {"days_since_last_visit"};
  fewer.values = {1.0F};
  EXPECT_THAT(
      [&] { model->PredictMargin(fewer); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("column 2 'sessions_30d' is missing")));
}

TEST_F(BoostedTreesTest, ValidationRowsMustHaveTheTrainingColumns) {
  validation_.features.names[4] = "random";
  EXPECT_THAT([&] { Fit("xgboost", QuickParams()); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("validation rows do not have the training rows' columns: column 5")));
}

TEST_F(BoostedTreesTest, TrainingNeedsRowsOfBothClasses) {
  std::fill(train_.churned.begin(), train_.churned.end(), 0);
  EXPECT_THAT(
      [&] { Fit("xgboost", QuickParams()); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("the training rows hold only stayers")));
  dataset::LabelledRows empty;
  empty.features.names = kSyntheticFeatures;
  EXPECT_THAT(
      [&] { FitBoostedTrees("xgboost", QuickParams(), empty, validation_, 1, kSeed, nullptr); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("the training rows are empty")));
}

TEST_F(BoostedTreesTest, LoadingChecksTheFeatureListAndCarriesXgboostsMessage) {
  std::string json = Fit("xgboost", QuickParams())->ToJson();
  std::vector<std::string> reordered = kSyntheticFeatures;
  std::swap(reordered[0], reordered[1]);
  EXPECT_THAT([&] { LoadBoostedTrees("xgboost", json, reordered, 1); },
              ::testing::ThrowsMessage<ModelError>(
                  HasSubstr("column 1 is 'sessions_30d', expected 'days_since_last_visit'")));
  EXPECT_THAT([&] { LoadBoostedTrees("xgboost", "{\"learner\": 3}", kSyntheticFeatures, 1); },
              ::testing::ThrowsMessage<ModelError>(
                  HasSubstr("XGBoost failed in XGBoosterLoadModelFromBuffer: ")));
}

TEST(XgboostVersionTest, IsTheLinkedLibrarysVersion) {
  EXPECT_THAT(XgboostVersion(), ::testing::MatchesRegex("1\\.[0-9]+\\.[0-9]+"));
}

}  // namespace
}  // namespace churn::model

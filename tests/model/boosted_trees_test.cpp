#include "model/boosted_trees.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "errors/error.h"
#include "model/boosted_test_models.h"
#include "model/synthetic_churn_rows.h"
#include "model/xgboost_handles.h"

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
  std::unique_ptr<Classifier> Fit(ModelKind kind, const BoostedTreesParams& params,
                                  BoostingReport* report = nullptr) {
    return FitBoostedTrees(kind, params, train_, validation_, kThreads, kSeed, report);
  }

  dataset::LabelledRows train_ = SyntheticChurnRows(kTrainRows, kTrainSeed);
  dataset::LabelledRows validation_ = SyntheticChurnRows(kValidationRows, kValidationSeed);
};

TEST_F(BoostedTreesTest, SavesXgboostsOwnJsonWithTheFeatureNames) {
  BoostingReport report;
  std::unique_ptr<Classifier> model = Fit(ModelKind::kXgboost, QuickParams(), &report);
  EXPECT_EQ(model->Kind(), ModelKind::kXgboost);
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
  std::unique_ptr<Classifier> model = Fit(ModelKind::kXgboost, QuickParams());
  std::vector<double> margins = model->PredictMargin(validation_.features, kThreads);
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
  std::unique_ptr<Classifier> model = Fit(ModelKind::kXgboostLeafwise, QuickLeafwiseParams());
  std::unique_ptr<Classifier> loaded =
      LoadBoostedTrees(ModelKind::kXgboostLeafwise, model->ToJson(), kSyntheticFeatures);
  EXPECT_EQ(loaded->Kind(), ModelKind::kXgboostLeafwise);
  EXPECT_EQ(loaded->PredictMargin(validation_.features, kThreads),
            model->PredictMargin(validation_.features, kThreads));
  EXPECT_EQ(loaded->ToJson(), model->ToJson());
}

TEST_F(BoostedTreesTest, TheSameSeedGivesByteIdenticalModels) {
  BoostedTreesParams params = QuickParams();
  params.subsample = 0.7;  // sampling is where the seed matters
  params.colsample_bytree = 0.6;
  std::string first = Fit(ModelKind::kXgboost, params)->ToJson();
  std::string second = Fit(ModelKind::kXgboost, params)->ToJson();
  EXPECT_EQ(first, second);
  std::string other_seed = FitBoostedTrees(ModelKind::kXgboost, params, train_, validation_,
                                           kThreads, kSeed + 1, nullptr)
                               ->ToJson();
  EXPECT_NE(first, other_seed);
}

// Also the progress of the loop (one fit serves both): every round is
// reported out of the rounds allowed, until early stopping ends it.
TEST_F(BoostedTreesTest, EarlyStoppingKeepsOnlyTheBestRounds) {
  BoostedTreesParams params = QuickParams();
  params.rounds = 2000;
  params.max_depth = 6;
  params.learning_rate = 0.5;
  params.early_stopping_rounds = 5;
  std::vector<std::int64_t> rounds;
  progress::Reporter progress([&](const progress::Step& step) {
    EXPECT_EQ(step.task, "boosting");
    EXPECT_EQ(step.total, params.rounds);
    EXPECT_EQ(step.unit, "rounds");
    rounds.push_back(step.done);
  });
  BoostingReport report;
  std::unique_ptr<Classifier> model =
      FitBoostedTrees(ModelKind::kXgboost, params, train_, validation_, kThreads, kSeed, &report,
                      {.monotone = {}, .progress = progress});
  ASSERT_EQ(rounds.size(), static_cast<std::size_t>(report.rounds_run));
  for (std::size_t round_idx = 0; round_idx < rounds.size(); ++round_idx) {
    EXPECT_EQ(rounds[round_idx], static_cast<std::int64_t>(round_idx + 1));
  }
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
  std::unique_ptr<Classifier> model = Fit(ModelKind::kXgboost, params, &report);
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
  Fit(ModelKind::kXgboost, params, &report);
  EXPECT_LT(report.rounds_run, params.rounds);
  EXPECT_LT(report.best_validation_log_loss, 0.01);
}

TEST_F(BoostedTreesTest, TheLeafwiseCandidateGrowsLossguideTrees) {
  auto grow_policy = [this](ModelKind kind, const BoostedTreesParams& params) {
    BoostingReport report;
    Fit(kind, params, &report);
    nlohmann::json config = nlohmann::json::parse(report.xgboost_config);
    return config["learner"]["gradient_booster"]["updater"]["grow_quantile_histmaker"]
                 ["train_param"];
  };
  nlohmann::json leafwise = grow_policy(ModelKind::kXgboostLeafwise, QuickLeafwiseParams());
  EXPECT_EQ(leafwise["grow_policy"], "lossguide");
  EXPECT_EQ(leafwise["max_leaves"], "8");
  EXPECT_EQ(leafwise["max_depth"], "0");
  nlohmann::json depthwise = grow_policy(ModelKind::kXgboost, QuickParams());
  EXPECT_EQ(depthwise["grow_policy"], "depthwise");
  EXPECT_EQ(depthwise["max_depth"], "3");
}

TEST_F(BoostedTreesTest, ImportancesListEveryFeatureInColumnOrder) {
  std::vector<FeatureImportance> importances =
      Fit(ModelKind::kXgboost, QuickParams())->Importances();
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

// XGBoost's own importance of `type` for every feature it scores, read
// from the model saved as `json` by XGBoosterFeatureScore.
std::unordered_map<std::string, float> XgboostScores(const std::string& json,
                                                     const std::string& type) {
  XgboostBooster booster = XgboostBooster::Load(json);
  std::string config = nlohmann::json{{"importance_type", type}, {"feature_map", ""}}.dump();
  bst_ulong count = 0;
  const char** names = nullptr;
  bst_ulong dimensions = 0;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  CheckXgboost(XGBoosterFeatureScore(booster.get(), config.c_str(), &count, &names, &dimensions,
                                     &shape, &scores),
               "XGBoosterFeatureScore");
  std::unordered_map<std::string, float> by_name;
  for (bst_ulong idx = 0; idx < count; ++idx) {
    by_name[names[idx]] = scores[idx];
  }
  return by_name;
}

void ExpectXgboostsImportances(const Classifier& model) {
  std::string json = model.ToJson();
  std::unordered_map<std::string, float> gain = XgboostScores(json, "gain");
  std::unordered_map<std::string, float> weight = XgboostScores(json, "weight");
  std::unordered_map<std::string, float> cover = XgboostScores(json, "cover");
  ASSERT_FALSE(gain.empty());
  for (const FeatureImportance& importance : model.Importances()) {
    // XGBoost leaves out the features no split uses.
    auto score = [&](const std::unordered_map<std::string, float>& scores) {
      auto found = scores.find(importance.feature);
      return found == scores.end() ? 0.0 : static_cast<double>(found->second);
    };
    EXPECT_EQ(importance.gain, score(gain)) << importance.feature;
    EXPECT_EQ(importance.weight, score(weight)) << importance.feature;
    EXPECT_EQ(importance.cover, score(cover)) << importance.feature;
  }
}

TEST_F(BoostedTreesTest, ImportancesFromTheTreesAreXgboostsToTheLastBit) {
  ExpectXgboostsImportances(*Fit(ModelKind::kXgboost, QuickParams()));
  ExpectXgboostsImportances(*Fit(ModelKind::kXgboostLeafwise, QuickLeafwiseParams()));
  testing::FittedModel wide =
      testing::FitOnWideRows(ModelKind::kXgboostLeafwise, testing::LeafwiseParams(60, 31), 12, 5);
  ExpectXgboostsImportances(*wide.classifier);
}

TEST_F(BoostedTreesTest, MarginsAreXgboostsWithinRounding) {
  for (ModelKind kind : {ModelKind::kXgboost, ModelKind::kXgboostLeafwise}) {
    testing::FittedModel fitted =
        testing::FitOnWideRows(kind,
                               kind == ModelKind::kXgboost ? testing::DepthwiseParams(80)
                                                           : testing::LeafwiseParams(80, 31),
                               10, 6);
    std::unique_ptr<Classifier> loaded =
        LoadBoostedTrees(kind, fitted.json, fitted.rows.features.names);
    std::vector<double> expected = testing::XgboostMargins(fitted.json, fitted.rows.features);
    std::vector<double> fitted_margins = fitted.classifier->PredictMargin(fitted.rows.features, 2);
    std::vector<double> loaded_margins = loaded->PredictMargin(fitted.rows.features, 3);
    ASSERT_EQ(fitted_margins.size(), expected.size());
    EXPECT_EQ(loaded_margins, fitted_margins) << "the fitted model scores as it will once loaded";
    for (std::size_t row_idx = 0; row_idx < expected.size(); ++row_idx) {
      ASSERT_LE(testing::Discrepancy(fitted_margins[row_idx], expected[row_idx]), 1e-5) << row_idx;
    }
  }
}

// A model written by hand in XGBoost's layout loads and scores with no
// XGBoost call: visits < 3 (missing: right) → 0.5; otherwise spend < 10
// (missing: left) → -0.25 or 1.0; base_score 0.5, so no base margin.
TEST(BoostedTreesLoadTest, ScoresAHandMadeModelFromItsJsonText) {
  const std::vector<std::string> names = {"visits", "spend"};
  DecisionTree tree{.nodes = {testing::Split(0, 3.0F, 1, 2, 10.0, /*missing_goes_left=*/false),
                              testing::Leaf(0.5F, 4.0), testing::Split(1, 10.0F, 3, 4, 6.0),
                              testing::Leaf(-0.25F, 2.0), testing::Leaf(1.0F, 4.0)},
                    .depth = 2};
  std::string json = testing::XgboostJsonOf({tree, tree}, names);
  std::unique_ptr<Classifier> model = LoadBoostedTrees(ModelKind::kXgboost, json, names);
  EXPECT_EQ(model->Kind(), ModelKind::kXgboost);
  EXPECT_EQ(model->ToJson(), json);
  ASSERT_NE(model->Trees(), nullptr);
  EXPECT_EQ(model->Trees()->tree_count(), 2U);
  EXPECT_EQ(model->Linear(), nullptr);
  dataset::FeatureMatrix rows{
      .names = names,
      .values = {1.0F, 50.0F, 5.0F, 2.0F, 5.0F, 20.0F, testing::kMissing, testing::kMissing}};
  EXPECT_EQ(model->PredictMargin(rows, 1), (std::vector<double>{1.0, -0.5, 2.0, -0.5}));
  std::vector<FeatureImportance> importances = model->Importances();
  ASSERT_EQ(importances.size(), 2U);
  EXPECT_EQ(importances[0].weight, 2);
  EXPECT_EQ(importances[0].cover, 10);
  EXPECT_EQ(importances[1].cover, 6);
}

TEST_F(BoostedTreesTest, ScoringOtherColumnsNamesTheFirstDifference) {
  std::unique_ptr<Classifier> model = Fit(ModelKind::kXgboost, QuickParams());
  dataset::FeatureMatrix renamed = validation_.features;
  renamed.names[2] = "spend_30d";
  EXPECT_THAT([&] { model->PredictMargin(renamed, kThreads); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("column 3 is 'spend_30d', expected 'spend_90d'")));
  dataset::FeatureMatrix fewer;
  fewer.names = {"days_since_last_visit"};
  fewer.values = {1.0F};
  EXPECT_THAT(
      [&] { model->PredictMargin(fewer, kThreads); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("column 2 'sessions_30d' is missing")));
}

TEST_F(BoostedTreesTest, ValidationRowsMustHaveTheTrainingColumns) {
  validation_.features.names[4] = "random";
  EXPECT_THAT([&] { Fit(ModelKind::kXgboost, QuickParams()); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("validation rows do not have the training rows' columns: column 5")));
}

TEST_F(BoostedTreesTest, TrainingNeedsRowsOfBothClasses) {
  std::fill(train_.churned.begin(), train_.churned.end(), 0);
  EXPECT_THAT(
      [&] { Fit(ModelKind::kXgboost, QuickParams()); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("the training rows hold only stayers")));
  dataset::LabelledRows empty;
  empty.features.names = kSyntheticFeatures;
  EXPECT_THAT(
      [&] {
        FitBoostedTrees(ModelKind::kXgboost, QuickParams(), empty, validation_, 1, kSeed, nullptr);
      },
      ::testing::ThrowsMessage<InputError>(HasSubstr("the training rows are empty")));
}

TEST_F(BoostedTreesTest, LoadingChecksTheFeatureListAndNamesWhatItCannotRead) {
  std::string json = Fit(ModelKind::kXgboost, QuickParams())->ToJson();
  std::vector<std::string> reordered = kSyntheticFeatures;
  std::swap(reordered[0], reordered[1]);
  EXPECT_THAT([&] { LoadBoostedTrees(ModelKind::kXgboost, json, reordered); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("column 1 is 'sessions_30d', expected 'days_since_last_visit'")));
  EXPECT_THAT(
      [&] { LoadBoostedTrees(ModelKind::kXgboost, "{\"learner\": 3}", kSyntheticFeatures); },
      ::testing::ThrowsMessage<InputError>(
          HasSubstr("the XGBoost model has no 'learner.objective': its parent is not a JSON")));
  EXPECT_THAT([&] { LoadBoostedTrees(ModelKind::kLogreg, json, kSyntheticFeatures); },
              ::testing::ThrowsMessage<InternalError>(
                  HasSubstr("'logreg' is not a boosted-trees candidate")));
}

TEST(XgboostVersionTest, IsTheLinkedLibrarysVersion) {
  EXPECT_THAT(XgboostVersion(), ::testing::MatchesRegex("1\\.[0-9]+\\.[0-9]+"));
}

}  // namespace
}  // namespace churn::model

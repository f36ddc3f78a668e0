#include "model/boosted_trees_search.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "errors/error.h"
#include "model/synthetic_churn_rows.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using testing::SyntheticChurnRows;

constexpr int kSearchThreads = 2;
constexpr std::uint64_t kSearchSeed = 11;
// Time enough for any trial here: only the trial cap stops these searches.
constexpr double kNoTimeLimit = 1e6;

// Small trees on small rows: quick trials.
BoostedTreesParams QuickBase() {
  BoostedTreesParams params;
  params.rounds = 30;
  params.max_depth = 3;
  params.learning_rate = 0.3;
  params.early_stopping_rounds = 8;
  return params;
}

class BoostedTreesSearchTest : public ::testing::Test {
 protected:
  TreeSearchOutcome Search(const BoostedTreesParams& base, const TreeSearchBudget& budget,
                           std::uint64_t seed = kSearchSeed, ModelKind kind = ModelKind::kXgboost,
                           std::span<const int> monotone = {}) {
    return SearchBoostedTrees(kind, base, fit_, validation_, budget, kSearchThreads, seed,
                              monotone);
  }

  dataset::LabelledRows fit_ = SyntheticChurnRows(1500, 1);
  dataset::LabelledRows validation_ = SyntheticChurnRows(800, 2);
};

TEST_F(BoostedTreesSearchTest, TrialZeroIsTheBaseSettingsFittedAsWithoutASearch) {
  TreeSearchOutcome outcome = Search(QuickBase(), {.seconds = kNoTimeLimit, .max_trials = 2});
  ASSERT_EQ(outcome.trials.size(), 2U);
  EXPECT_EQ(outcome.trials[0].params, QuickBase());
  EXPECT_NE(outcome.trials[1].params, QuickBase());
  BoostingReport report;
  FitBoostedTrees(ModelKind::kXgboost, QuickBase(), fit_, validation_, kSearchThreads, kSearchSeed,
                  &report);
  EXPECT_EQ(outcome.trials[0].validation_log_loss, report.best_validation_log_loss);
  EXPECT_EQ(outcome.trials[0].rounds, report.best_round);
  EXPECT_GT(outcome.trials[0].seconds, 0);
}

TEST_F(BoostedTreesSearchTest, ASeedGivesTheSameTrialsAndAnotherSeedOthers) {
  TreeSearchBudget budget{.seconds = kNoTimeLimit, .max_trials = 3};
  TreeSearchOutcome first = Search(QuickBase(), budget);
  TreeSearchOutcome again = Search(QuickBase(), budget);
  TreeSearchOutcome other = Search(QuickBase(), budget, kSearchSeed + 1);
  ASSERT_EQ(first.trials.size(), 3U);
  ASSERT_EQ(again.trials.size(), 3U);
  ASSERT_EQ(other.trials.size(), 3U);
  for (std::size_t trial_idx = 0; trial_idx < first.trials.size(); ++trial_idx) {
    EXPECT_EQ(again.trials[trial_idx].params, first.trials[trial_idx].params) << trial_idx;
    EXPECT_EQ(again.trials[trial_idx].validation_log_loss,
              first.trials[trial_idx].validation_log_loss)
        << trial_idx;
    EXPECT_EQ(again.trials[trial_idx].rounds, first.trials[trial_idx].rounds) << trial_idx;
  }
  EXPECT_EQ(other.trials[0].params, first.trials[0].params) << "trial 0 is always the base";
  EXPECT_NE(other.trials[1].params, first.trials[1].params);
  EXPECT_EQ(again.best_classifier->ToJson(), first.best_classifier->ToJson());
}

TEST_F(BoostedTreesSearchTest, StopsAtTheTrialCap) {
  TreeSearchOutcome outcome = Search(QuickBase(), {.seconds = kNoTimeLimit, .max_trials = 3});
  EXPECT_EQ(outcome.trials.size(), 3U);
  EXPECT_EQ(outcome.stop_reason, "the cap of 3 trials was reached");
}

TEST_F(BoostedTreesSearchTest, ATinyBudgetRunsOnlyTrialZeroWhole) {
  BoostedTreesParams base = QuickBase();
  base.early_stopping_rounds = 0;
  TreeSearchOutcome outcome = Search(base, {.seconds = 1e-9, .max_trials = 0});
  ASSERT_EQ(outcome.trials.size(), 1U);
  EXPECT_EQ(outcome.best_trial, 0U);
  EXPECT_EQ(outcome.best, base);
  EXPECT_EQ(outcome.trials[0].rounds, base.rounds) << "trial 0 is never cut";
  EXPECT_FALSE(outcome.trials[0].stopped_by_time);
  EXPECT_THAT(outcome.stop_reason, HasSubstr("budget is spent"));
}

// A base that learns too slowly in its rounds: later trials beat it.
BoostedTreesParams SlowBase() {
  BoostedTreesParams base = QuickBase();
  base.learning_rate = 0.02;
  base.max_depth = 1;
  base.rounds = 15;
  return base;
}

TEST_F(BoostedTreesSearchTest, TheBestIsTheLeastValidationLogLoss) {
  TreeSearchOutcome outcome = Search(SlowBase(), {.seconds = kNoTimeLimit, .max_trials = 6});
  ASSERT_EQ(outcome.trials.size(), 6U);
  auto least = std::min_element(outcome.trials.begin(), outcome.trials.end(),
                                [](const TreeSearchTrial& left, const TreeSearchTrial& right) {
                                  return left.validation_log_loss < right.validation_log_loss;
                                });
  EXPECT_EQ(outcome.best_trial, static_cast<std::size_t>(least - outcome.trials.begin()));
  EXPECT_GT(outcome.best_trial, 0U) << "the slow base should lose";
  EXPECT_EQ(outcome.best, least->params);
  EXPECT_EQ(outcome.best_report.best_validation_log_loss, least->validation_log_loss);
  EXPECT_EQ(outcome.best_report.best_round, least->rounds);
  for (const TreeSearchTrial& trial : outcome.trials) {
    EXPECT_GE(trial.validation_log_loss, least->validation_log_loss);
  }
}

TEST_F(BoostedTreesSearchTest, TheBestClassifierIsARefitWithTheBestSettings) {
  for (ModelKind kind : {ModelKind::kXgboost, ModelKind::kXgboostLeafwise}) {
    BoostedTreesParams base = SlowBase();
    if (kind == ModelKind::kXgboostLeafwise) {
      base.max_depth = 0;
      base.max_leaves = 2;
    }
    TreeSearchOutcome outcome =
        Search(base, {.seconds = kNoTimeLimit, .max_trials = 4}, kSearchSeed, kind);
    ASSERT_GT(outcome.best_trial, 0U);
    ASSERT_NE(outcome.best_classifier, nullptr);
    EXPECT_EQ(outcome.best_classifier->Kind(), kind);
    std::unique_ptr<Classifier> refit = FitBoostedTrees(kind, outcome.best, fit_, validation_,
                                                        kSearchThreads, kSearchSeed, nullptr);
    EXPECT_EQ(outcome.best_classifier->ToJson(), refit->ToJson());
    EXPECT_EQ(outcome.best_classifier->PredictMargin(validation_.features, kSearchThreads),
              refit->PredictMargin(validation_.features, kSearchThreads));
  }
}

TEST_F(BoostedTreesSearchTest, EveryTrialIsHeldToTheMonotoneConstraints) {
  const std::vector<int> monotone = {1, 0, 0, 0, 0};
  TreeSearchOutcome outcome = Search(SlowBase(), {.seconds = kNoTimeLimit, .max_trials = 3},
                                     kSearchSeed, ModelKind::kXgboost, monotone);
  ASSERT_GT(outcome.best_trial, 0U);
  nlohmann::json config = nlohmann::json::parse(outcome.best_report.xgboost_config);
  EXPECT_EQ(config["learner"]["gradient_booster"]["updater"]["grow_quantile_histmaker"]
                  ["train_param"]["monotone_constraints"],
            "(1,0,0,0,0)");
}

TEST_F(BoostedTreesSearchTest, OnlyBoostedTreesAreSearched) {
  EXPECT_THAT(
      [&] {
        Search(QuickBase(), {.seconds = 1, .max_trials = 1}, kSearchSeed, ModelKind::kLogreg);
      },
      ::testing::ThrowsMessage<InternalError>(
          HasSubstr("'logreg' is not a boosted-trees candidate")));
}

TEST(DrawTreeParamsTest, DrawsStayInTheDocumentedSpaceAndKeepTheBaseRounds) {
  BoostedTreesParams base = QuickBase();
  base.rounds = 123;
  base.early_stopping_rounds = 17;
  base.scale_pos_weight = 2.5;
  random::SplitMix64 stream(5);
  std::set<int> depths;
  int few_leaves = 0;
  int many_leaves = 0;
  constexpr int kDraws = 400;
  for (int draw_idx = 0; draw_idx < kDraws; ++draw_idx) {
    for (ModelKind kind : {ModelKind::kXgboost, ModelKind::kXgboostLeafwise}) {
      BoostedTreesParams params = DrawTreeParams(kind, base, stream);
      EXPECT_EQ(params.rounds, 123);
      EXPECT_EQ(params.early_stopping_rounds, 17);
      EXPECT_EQ(params.scale_pos_weight, 2.5);
      EXPECT_GE(params.learning_rate, 0.02);
      EXPECT_LE(params.learning_rate, 0.3);
      EXPECT_GE(params.min_child_weight, 0.5);
      EXPECT_LE(params.min_child_weight, 100);
      EXPECT_GE(params.subsample, 0.5);
      EXPECT_LE(params.subsample, 1);
      EXPECT_GE(params.colsample_bytree, 0.4);
      EXPECT_LE(params.colsample_bytree, 1);
      EXPECT_GE(params.reg_lambda, 0.1);
      EXPECT_LE(params.reg_lambda, 100);
      if (kind == ModelKind::kXgboost) {
        EXPECT_EQ(params.max_leaves, 0);
        depths.insert(params.max_depth);
        continue;
      }
      EXPECT_EQ(params.max_depth, 0);
      EXPECT_GE(params.max_leaves, 8);
      EXPECT_LE(params.max_leaves, 255);
      few_leaves += params.max_leaves < 32 ? 1 : 0;
      many_leaves += params.max_leaves >= 128 ? 1 : 0;
    }
  }
  EXPECT_EQ(depths, (std::set<int>{3, 4, 5, 6, 7, 8, 9, 10}));
  // Log-uniform over 5 doublings: 8..31 (two of them) is about 2/5 of the
  // draws, 128..255 (one) about 1/5.
  EXPECT_NEAR(few_leaves, 0.4 * kDraws, 0.1 * kDraws);
  EXPECT_NEAR(many_leaves, 0.2 * kDraws, 0.1 * kDraws);
}

}  // namespace
}  // namespace churn::model

#include "training/backtest_summary.h"

#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::training {
namespace {

report::BaselineLead Lead(double roc_difference, double pr_difference) {
  report::BaselineLead lead;
  lead.roc_auc.difference = roc_difference;
  lead.pr_auc.difference = pr_difference;
  return lead;
}

BacktestFold Fold(double roc_auc, double pr_auc, report::BaselineLead recency_lead) {
  BacktestFold fold;
  fold.test.roc_auc = roc_auc;
  fold.test.pr_auc = pr_auc;
  fold.recency_lead = recency_lead;
  return fold;
}

TEST(SpreadOfTest, GivesMeanSampleDeviationAndRange) {
  FoldSpread spread = SpreadOf({0.80, 0.84, 0.82});
  EXPECT_DOUBLE_EQ(spread.mean, 0.82);
  ASSERT_TRUE(spread.sd.has_value());
  EXPECT_NEAR(*spread.sd, 0.02, 1e-12);  // n - 1 in the denominator
  EXPECT_DOUBLE_EQ(spread.min, 0.80);
  EXPECT_DOUBLE_EQ(spread.max, 0.84);
}

TEST(SpreadOfTest, HasNoDeviationForOneFold) {
  FoldSpread spread = SpreadOf({0.75});
  EXPECT_DOUBLE_EQ(spread.mean, 0.75);
  EXPECT_FALSE(spread.sd.has_value());
  EXPECT_DOUBLE_EQ(spread.min, 0.75);
  EXPECT_DOUBLE_EQ(spread.max, 0.75);
}

TEST(SpreadOfTest, RefusesNoFolds) {
  EXPECT_THROW(SpreadOf({}), InternalError);
}

TEST(SummarizeBacktestTest, SummarizesFiguresAndLeads) {
  std::vector<BacktestFold> folds = {Fold(0.80, 0.50, Lead(0.05, 0.10)),
                                     Fold(0.84, 0.60, Lead(-0.01, 0.02))};
  folds[0].bgnbd_lead = Lead(0.2, 0.3);
  folds[1].bgnbd_lead = Lead(0.1, -0.1);
  BacktestSummary summary = SummarizeBacktest(folds);
  EXPECT_EQ(summary.folds, 2u);
  EXPECT_DOUBLE_EQ(summary.roc_auc.mean, 0.82);
  EXPECT_DOUBLE_EQ(summary.pr_auc.mean, 0.55);
  EXPECT_DOUBLE_EQ(summary.recency_lead.roc_auc.mean, 0.02);
  EXPECT_DOUBLE_EQ(summary.recency_lead.pr_auc.min, 0.02);
  // Without intervals a lead beats the baseline when both differences are above zero.
  EXPECT_EQ(summary.recency_lead.beaten, 1);
  ASSERT_TRUE(summary.bgnbd_lead.has_value());
  EXPECT_DOUBLE_EQ(summary.bgnbd_lead->roc_auc.max, 0.2);
  EXPECT_EQ(summary.bgnbd_lead->beaten, 1);
}

TEST(SummarizeBacktestTest, HasNoBgNbdLeadWhenAFoldLacksIt) {
  std::vector<BacktestFold> folds = {Fold(0.80, 0.50, Lead(0.05, 0.10)),
                                     Fold(0.84, 0.60, Lead(0.01, 0.02))};
  folds[0].bgnbd_lead = Lead(0.2, 0.3);
  BacktestSummary summary = SummarizeBacktest(folds);
  EXPECT_FALSE(summary.bgnbd_lead.has_value());
  EXPECT_EQ(summary.recency_lead.beaten, 2);
}

}  // namespace
}  // namespace churn::training

#include "report/candidate_selection.h"

#include <gtest/gtest.h>

namespace churn::report {
namespace {

CandidateFigures Candidate(std::string name, double pr_auc, double roc_auc, double log_loss,
                           std::int64_t true_positives) {
  CandidateFigures candidate;
  candidate.name = std::move(name);
  candidate.validation.pr_auc = pr_auc;
  candidate.validation.roc_auc = roc_auc;
  candidate.validation.log_loss = log_loss;
  candidate.validation.confusion = {.true_positives = true_positives,
                                    .false_positives = 10,
                                    .true_negatives = 50,
                                    .false_negatives = 10};
  candidate.test.pr_auc = 1.0 - pr_auc;  // never consulted: a test that peeked would flip
  candidate.test.roc_auc = 1.0 - roc_auc;
  return candidate;
}

TEST(CandidateSelectionTest, EachMetricPicksItsOwnBestOnValidation) {
  std::vector<CandidateFigures> candidates = {Candidate("xgboost", 0.60, 0.80, 0.40, 20),
                                              Candidate("xgboost_leafwise", 0.62, 0.79, 0.45, 5),
                                              Candidate("logreg", 0.55, 0.81, 0.39, 10)};
  EXPECT_EQ(ChooseCandidate(candidates, SelectionMetric::kPrAuc), 1U);
  EXPECT_EQ(ChooseCandidate(candidates, SelectionMetric::kRocAuc), 2U);
  EXPECT_EQ(ChooseCandidate(candidates, SelectionMetric::kLogLoss), 2U)
      << "lower log-loss is better";
  EXPECT_EQ(ChooseCandidate(candidates, SelectionMetric::kF1), 0U);
}

TEST(CandidateSelectionTest, ATieGoesToTheCandidateListedFirst) {
  std::vector<CandidateFigures> candidates = {Candidate("logreg", 0.6, 0.8, 0.4, 10),
                                              Candidate("xgboost", 0.6, 0.8, 0.4, 10)};
  EXPECT_EQ(ChooseCandidate(candidates, SelectionMetric::kPrAuc), 0U);
}

}  // namespace
}  // namespace churn::report

#include "report/baseline_lead.h"

#include <gtest/gtest.h>

#include <vector>

#include "errors/error.h"

namespace churn::report {
namespace {

// Eight users, four churners: the model ranks every churner first, the
// baseline mixes them with the stayers.
const std::vector<std::uint8_t> kLeadLabels = {1, 1, 1, 1, 0, 0, 0, 0};
const std::vector<double> kLeadModel = {0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1};
const std::vector<double> kLeadBaseline = {0.9, 0.2, 0.7, 0.3, 0.8, 0.6, 0.4, 0.1};

TEST(BaselineLeadTest, DifferencesAreTheModelsFiguresMinusTheBaselines) {
  BaselineLead lead = CompareWithBaseline("recency", kLeadModel, kLeadBaseline, kLeadLabels, {});
  EXPECT_DOUBLE_EQ(lead.roc_auc.model, 1.0);
  EXPECT_DOUBLE_EQ(lead.roc_auc.difference, lead.roc_auc.model - lead.roc_auc.baseline);
  EXPECT_DOUBLE_EQ(lead.pr_auc.difference, lead.pr_auc.model - lead.pr_auc.baseline);
  EXPECT_LT(lead.roc_auc.baseline, 1.0);
  EXPECT_FALSE(lead.roc_auc.interval.has_value());
  // Without intervals, positive differences are a win.
  EXPECT_TRUE(lead.Beats());
  EXPECT_EQ(lead.Verdict().rfind("beats the recency baseline: ROC-AUC +", 0), 0U) << lead.Verdict();
}

TEST(BaselineLeadTest, AnIntervalThatHoldsZeroIsNoWin) {
  // Eight users give a bootstrap wide enough to hold zero.
  BaselineLead lead = CompareWithBaseline("bgnbd", kLeadModel, kLeadBaseline, kLeadLabels,
                                          {.bootstrap_resamples = 200, .seed = 1, .threads = 1});
  ASSERT_TRUE(lead.roc_auc.interval.has_value());
  EXPECT_GT(lead.roc_auc.difference, 0.0);
  EXPECT_LE(lead.pr_auc.interval->low, 0.0);
  EXPECT_FALSE(lead.Beats());
  EXPECT_EQ(lead.Verdict().rfind("does not clearly beat the BG/NBD baseline: ROC-AUC +", 0), 0U)
      << lead.Verdict();
  EXPECT_NE(lead.Verdict().find(" ["), std::string::npos);
}

TEST(BaselineLeadTest, AWorseModelTrailsAndTheJsonSaysSo) {
  BaselineLead lead = CompareWithBaseline("recency", kLeadBaseline, kLeadModel, kLeadLabels, {});
  EXPECT_FALSE(lead.Beats());
  EXPECT_EQ(lead.Verdict().rfind("trails the recency baseline", 0), 0U) << lead.Verdict();
  nlohmann::json json = LeadJson(lead);
  EXPECT_EQ(json["baseline"], "recency");
  EXPECT_EQ(json["beats"], false);
  EXPECT_TRUE(json["roc_auc"]["low"].is_null());
  EXPECT_DOUBLE_EQ(json["roc_auc"]["difference"].get<double>(), lead.roc_auc.difference);
  EXPECT_EQ(json["verdict"], lead.Verdict());
}

TEST(BaselineLeadTest, ASingleClassIsAnInputError) {
  std::vector<std::uint8_t> stayers(kLeadLabels.size(), 0);
  EXPECT_THROW(CompareWithBaseline("recency", kLeadModel, kLeadBaseline, stayers, {}), InputError);
}

}  // namespace
}  // namespace churn::report

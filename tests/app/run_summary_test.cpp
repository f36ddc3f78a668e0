#include "app/run_summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace churn::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Printed(const RunSummary& summary) {
  ::testing::internal::CaptureStdout();
  PrintRunSummary(summary);
  return ::testing::internal::GetCapturedStdout();
}

RunSummary Skeleton() {
  RunSummary summary;
  summary.logs = {{events::YearMonth(2019, 10), "/logs/2019-Oct.csv"},
                  {events::YearMonth(2019, 12), "/logs/2019-Dec.csv"}};
  summary.data_dir = "/out/data";
  summary.models_dir = "/out/models";
  summary.dashboard_url = "http://127.0.0.1:8501/";
  return summary;
}

TEST(RunSummaryTest, FiguresNoStageProducedAreNotInvented) {
  RunSummary summary = Skeleton();
  std::string text = Printed(summary);
  EXPECT_THAT(text, HasSubstr("logs         2 monthly files, 2019-10 to 2019-12, in /logs"));
  EXPECT_THAT(text, HasSubstr("churn rate   not available"));
  EXPECT_THAT(text, HasSubstr("ROC-AUC      not available"));
  EXPECT_THAT(text, HasSubstr("as of        not available"));
}

TEST(RunSummaryTest, FiguresThatExistArePrintedAndNothingIsMissing) {
  RunSummary summary = Skeleton();
  summary.users = 20000;
  summary.churn_rate = 0.3125;
  summary.best_model = "xgboost";
  summary.roc_auc = 0.81234;
  summary.pr_auc = 0.6;
  summary.f1 = 0.55;
  summary.threshold = 0.4;
  summary.as_of = "2020-01-01";
  summary.scored_users = 1234;
  summary.flagged = 321;
  summary.at_risk_list = "/out/scores/2020-01-01/at_risk.csv";
  summary.serve_command = "churn-radar serve --out /out";
  std::string text = Printed(summary);
  EXPECT_THAT(text, HasSubstr("as of        2020-01-01: 1234 customers scored, 321 flagged"));
  EXPECT_THAT(text, HasSubstr("at-risk list /out/scores/2020-01-01/at_risk.csv"));
  EXPECT_THAT(text, HasSubstr("users        20000 with an event in the logs"));
  EXPECT_THAT(text, HasSubstr("churn rate   31.2%\n"));
  EXPECT_THAT(text, HasSubstr("best model   xgboost"));
  EXPECT_THAT(text, HasSubstr("ROC-AUC      0.8123"));
  EXPECT_THAT(text, HasSubstr("churn-radar serve --out /out, then open http://127.0.0.1:8501/"));
  EXPECT_THAT(text, Not(HasSubstr("not available")));
}

// Everyone in the logs and the test snapshot's users are different counts:
// the churn rate says whose it is.
TEST(RunSummaryTest, TheChurnRateNamesTheTestUsersItIsOf) {
  RunSummary summary = Skeleton();
  summary.users = 20000;
  summary.churn_rate = 0.25;
  summary.test_users = 1598;
  summary.test_cutoffs = "2019-12-01";
  std::string text = Printed(summary);
  EXPECT_THAT(text, HasSubstr("users        20000 with an event in the logs\n"));
  EXPECT_THAT(text, HasSubstr("churn rate   25.0% of the 1598 test users (snapshot 2019-12-01)\n"));
  summary.test_users = 1;
  EXPECT_THAT(Printed(summary), HasSubstr("25.0% of the 1 test user (snapshot"));
}

}  // namespace
}  // namespace churn::app

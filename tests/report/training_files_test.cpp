#include "report/training_files.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/temp_dir.h"

namespace churn::report {
namespace {

TEST(TrainingFilesTest, TestPredictionsCarryProbabilityLabelAndOutcome) {
  churn::testing::TempDir folder;
  dataset::LabelledRows rows;
  rows.features.names = {"clicks"};
  rows.features.values = {1, 2};
  rows.user_ids = {"7", "a,b"};
  rows.cutoffs = {"2020-01-01", "2020-01-01"};
  rows.churned = {1, 0};
  std::vector<double> probabilities = {0.75, 0.25};
  WriteTestPredictions(folder / "p.csv", rows, probabilities, 0.5);
  EXPECT_EQ(churn::testing::ReadTextFile(folder / "p.csv"),
            "user_id,snapshot,probability,label,churn\n"
            "7,2020-01-01,0.75,1,1\n"
            "\"a,b\",2020-01-01,0.25,0,0\n");
}

TEST(TrainingFilesTest, AJsonReportHoldingTextThatIsNotUtf8IsWrittenWithReplacements) {
  churn::testing::TempDir folder;
  WriteJsonFile(folder / "summary.json", nlohmann::json{{"users", {"caf\xE9", "7"}}});
  EXPECT_EQ(churn::testing::ReadTextFile(folder / "summary.json"),
            "{\n  \"users\": [\n    \"caf\xEF\xBF\xBD\",\n    \"7\"\n  ]\n}\n");
}

TEST(TrainingFilesTest, ImportancesAreSortedByGain) {
  churn::testing::TempDir folder;
  WriteFeatureImportances(folder / "i.csv",
                          {{"clicks", 1.5, 3, 10}, {"days_since_last_visit", 9, 12, 20}});
  EXPECT_EQ(churn::testing::ReadTextFile(folder / "i.csv"),
            "feature,gain,weight,cover\n"
            "days_since_last_visit,9,12,20\n"
            "clicks,1.5,3,10\n");
}

TEST(TrainingFilesTest, TheCandidatesReportMarksTheChosenOne) {
  churn::testing::TempDir folder;
  std::vector<CandidateFigures> candidates(2);
  candidates[0].name = "xgboost";
  candidates[1].name = "logreg";
  WriteCandidatesReport(folder / "c.csv", candidates, 1);
  std::string text = churn::testing::ReadTextFile(folder / "c.csv");
  EXPECT_NE(text.find("candidate,chosen,fit_seconds,rounds,validation_roc_auc"), std::string::npos);
  EXPECT_NE(text.find("\nxgboost,0,"), std::string::npos);
  EXPECT_NE(text.find("\nlogreg,1,"), std::string::npos);
}

}  // namespace
}  // namespace churn::report

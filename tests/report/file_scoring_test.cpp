#include "report/file_scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "errors/error.h"
#include "explain/shap_store.h"
#include "report/trained_output.h"
#include "testing/temp_dir.h"

namespace churn::report {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class FileScoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteSyntheticTables(output_);
    testing::SaveLogisticBundle(output_);
  }

  FileScoringRequest Request(std::size_t reasons) const {
    FileScoringRequest request;
    request.input = output_.data_dir / dataset::kProcessedTestFile;
    request.output = folder_ / "scores.csv";
    request.reasons = reasons;
    request.threads = 1;
    return request;
  }

  TempDir folder_;
  dataset::OutputLayout output_ = dataset::OutputLayout::Under(folder_.path());
};

TEST_F(FileScoringTest, ScoresEveryRowWithItsReasons) {
  FileScoringOutcome outcome = ScoreFile(output_, Request(2));
  EXPECT_EQ(outcome.users, testing::kRowsPerSnapshot);
  EXPECT_EQ(outcome.threshold, 0.3);
  std::string scores = ReadTextFile(folder_ / "scores.csv");
  EXPECT_THAT(scores, StartsWith("user_id,probability,label,risk_band,reason_1,reason_2\nuser0,"));
  EXPECT_EQ(std::count(scores.begin(), scores.end(), '\n'), testing::kRowsPerSnapshot + 1);
  std::size_t flagged = 0;
  for (std::size_t at = scores.find(",high,"); at != std::string::npos;
       at = scores.find(",high,", at + 1)) {
    ++flagged;
  }
  EXPECT_EQ(outcome.flagged, flagged) << "every flagged user is in the high band";
  EXPECT_TRUE(std::filesystem::exists(output_.models_dir / explain::kScoredStoreFileName));
}

TEST_F(FileScoringTest, NoReasonsNoStore) {
  ScoreFile(output_, Request(2));
  ScoreFile(output_, Request(0));
  EXPECT_THAT(ReadTextFile(folder_ / "scores.csv"),
              StartsWith("user_id,probability,label,risk_band\n"));
  EXPECT_FALSE(std::filesystem::exists(output_.models_dir / explain::kScoredStoreFileName))
      << "the previous file's store must not answer for this one";
}

TEST_F(FileScoringTest, ACutoffGoesWithRawLogsOnly) {
  FileScoringRequest request = Request(0);
  request.cutoff = "2020-01-01";
  EXPECT_THAT([&] { ScoreFile(output_, request); },
              ::testing::ThrowsMessage<UsageError>(HasSubstr("--cutoff goes with raw logs")));
}

TEST_F(FileScoringTest, RawLogsAreToldFromFeatureTables) {
  features::ColumnMapping columns;
  EXPECT_FALSE(IsRawLogs(columns, output_.data_dir / dataset::kProcessedTestFile));
  EXPECT_TRUE(IsRawLogs(columns, folder_.path()));
  std::filesystem::path log = churn::testing::WriteTextFile(
      folder_ / "2019-Oct.csv", "event_time,event_type,user_id\n2019-10-01 00:00:00 UTC,view,1\n");
  EXPECT_TRUE(IsRawLogs(columns, log));
}

}  // namespace
}  // namespace churn::report

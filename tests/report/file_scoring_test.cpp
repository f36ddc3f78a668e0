#include "report/file_scoring.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

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
  EXPECT_THAT(scores,
              StartsWith("user_id,snapshot,probability,flagged,risk_band,reason_1,reason_2\n"
                         "user0,2020-01-01,"));
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
              StartsWith("user_id,snapshot,probability,flagged,risk_band\n"));
  EXPECT_FALSE(std::filesystem::exists(output_.models_dir / explain::kScoredStoreFileName))
      << "the previous file's store must not answer for this one";
}

TEST_F(FileScoringTest, ACutoffGoesWithRawLogsOnly) {
  FileScoringRequest request = Request(0);
  request.cutoff = "2020-01-01";
  EXPECT_THAT([&] { ScoreFile(output_, request); },
              ::testing::ThrowsMessage<UsageError>(HasSubstr("--cutoff goes with raw logs")));
}

// `--output` the same file as `--input`, under any name, would replace the
// data with its scores: refused before any work, the input left as it was.
TEST_F(FileScoringTest, RefusesToWriteOverItsInput) {
  std::filesystem::path input = output_.data_dir / dataset::kProcessedTestFile;
  std::string before = ReadTextFile(input);
  std::filesystem::path alias = folder_ / "alias.csv";
  std::filesystem::create_symlink(input, alias);
  for (const std::filesystem::path& output :
       {input, output_.data_dir / ".." / "data" / dataset::kProcessedTestFile, alias}) {
    FileScoringRequest request = Request(0);
    request.output = output;
    request.force = true;
    EXPECT_THAT([&] { ScoreFile(output_, request); },
                ::testing::ThrowsMessage<UsageError>(
                    HasSubstr("is the input file itself: writing the scores would replace the "
                              "data they come from")))
        << output;
  }
  EXPECT_EQ(ReadTextFile(input), before);
}

TEST_F(FileScoringTest, RefusesAnOutputInTheModelsOrTheLogsFolder) {
  FileScoringRequest request = Request(0);
  request.output = output_.models_dir / "scores.csv";
  EXPECT_THAT([&] { ScoreFile(output_, request); },
              ::testing::ThrowsMessage<UsageError>(HasSubstr("is in the models folder")));
  std::filesystem::path logs = folder_ / "logs";
  churn::testing::WriteTextFile(logs / "2019-Oct.csv",
                                "event_time,event_type,user_id\n2019-10-01 00:00:00 UTC,view,1\n");
  request.input = logs;
  request.output = logs / "scores.csv";
  EXPECT_THAT([&] { ScoreFile(output_, request); },
              ::testing::ThrowsMessage<UsageError>(HasSubstr("is inside the logs folder")));
}

// Another file is replaced only with --force; predict's own earlier output
// (today's header or the one before `flagged`) and an empty file are not
// worth protecting.
TEST_F(FileScoringTest, ReplacesAnExistingFileOnlyWhenItIsItsOwnOrForced) {
  std::filesystem::path other = churn::testing::WriteTextFile(folder_ / "scores.csv", "notes\n");
  EXPECT_THAT([&] { ScoreFile(output_, Request(0)); },
              ::testing::ThrowsMessage<UsageError>(
                  HasSubstr("exists and is not a file predict wrote: pass --force to replace it")));
  EXPECT_EQ(ReadTextFile(other), "notes\n");
  FileScoringRequest forced = Request(0);
  forced.force = true;
  ScoreFile(output_, forced);
  ScoreFile(output_, Request(1));  // its own output: no --force needed
  EXPECT_THAT(ReadTextFile(other), StartsWith("user_id,snapshot,probability,flagged,risk_band,"));
  churn::testing::WriteTextFile(other, "user_id,probability,label,risk_band\nu1,0.5,1,high\n");
  ScoreFile(output_, Request(0));
  churn::testing::WriteTextFile(other, "");
  ScoreFile(output_, Request(0));
  EXPECT_THAT(ReadTextFile(other), StartsWith("user_id,snapshot,"));
}

// A table to score may carry columns of its own: they come out after the
// scores, in their order, quoted where CSV needs it.
TEST_F(FileScoringTest, PassesTheInputsOtherColumnsThrough) {
  std::istringstream table(ReadTextFile(output_.data_dir / dataset::kProcessedTestFile));
  std::string line;
  std::getline(table, line);
  std::string extended = "email," + line + ",segment\n";
  for (std::size_t row = 0; std::getline(table, line); ++row) {
    extended += fmt::format("u{}@shop.example,{},\"gold, \"\"vip\"\"\"\n", row, line);
  }
  FileScoringRequest request = Request(1);
  request.input = churn::testing::WriteTextFile(folder_ / "customers.csv", extended);
  ScoreFile(output_, request);
  std::istringstream scores(ReadTextFile(request.output));
  std::getline(scores, line);
  EXPECT_EQ(line, "user_id,snapshot,probability,flagged,risk_band,reason_1,email,segment");
  std::getline(scores, line);
  EXPECT_THAT(line, StartsWith("user0,2020-01-01,"));
  EXPECT_THAT(line, ::testing::EndsWith(",u0@shop.example,\"gold, \"\"vip\"\"\""));
}

TEST_F(FileScoringTest, RefusesAnOtherColumnNamedAsAScoreColumn) {
  std::string table = ReadTextFile(output_.data_dir / dataset::kProcessedTestFile);
  std::string header = table.substr(0, table.find('\n'));
  std::string rows = table.substr(table.find('\n'));
  std::string renamed;
  for (std::size_t at = 0; at < rows.size(); ++at) {
    renamed += rows[at] == '\n' && at + 1 < rows.size() ? "\n0.5," : std::string(1, rows[at]);
  }
  FileScoringRequest request = Request(0);
  request.input =
      churn::testing::WriteTextFile(folder_ / "rescored.csv", "probability," + header + renamed);
  EXPECT_THAT([&] { ScoreFile(output_, request); },
              ::testing::ThrowsMessage<InputError>(HasSubstr(
                  "column 'probability' has the name of one of the scores' own columns")));
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

#include "dataset/artifact_lineage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "dataset/dataset_files.h"
#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::dataset {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// The three files `features` writes, with the given test table.
OutputLayout WriteTables(const TempDir& dir, const std::string& test_table) {
  OutputLayout output = OutputLayout::Under(dir.path());
  WriteTextFile(output.data_dir / kProcessedTrainFile, "user_id,churned\na,1\n");
  WriteTextFile(output.data_dir / kProcessedTestFile, test_table);
  WriteTextFile(output.models_dir / kFeatureColumnsFile, "{}");
  return output;
}

// What `features` leaves last: its report, recording what it wrote.
void WriteFeaturesReport(const OutputLayout& output) {
  nlohmann::json report = {{"outputs", FileFingerprints(FeatureTableFiles(output))}};
  WriteTextFile(output.data_dir / kFeaturesReportFile, report.dump());
}

TEST(ArtifactLineageTest, FingerprintsAreSizeAndCrc32) {
  TempDir dir;
  auto path = WriteTextFile(dir / "t.csv", "123456789");
  nlohmann::json fingerprints = FileFingerprints({path});
  ASSERT_EQ(fingerprints.size(), 1U);
  EXPECT_EQ(fingerprints[0]["bytes"], 9);
  EXPECT_EQ(fingerprints[0]["crc32"], "cbf43926") << "the CRC-32 check value";
  EXPECT_THAT(fingerprints[0]["path"].get<std::string>(), ::testing::EndsWith("t.csv"));
}

TEST(ArtifactLineageTest, FingerprintingAMissingFileIsAnIoError) {
  TempDir dir;
  EXPECT_THAT([&] { FileFingerprints({dir / "absent.csv"}); },
              ThrowsMessage<IoError>(HasSubstr("absent.csv: cannot read its size")));
}

TEST(ArtifactLineageTest, TheFeatureTablesAreTheTwoTablesAndTheColumns) {
  OutputLayout output = OutputLayout::Under("run");
  EXPECT_THAT(FeatureTableFiles(output),
              ::testing::ElementsAre(std::filesystem::path("run/data/processed_train.csv"),
                                     std::filesystem::path("run/data/processed_test.csv"),
                                     std::filesystem::path("run/models/feature_columns.json")));
}

TEST(ArtifactLineageTest, TablesOfTheRecordedRunPass) {
  TempDir dir;
  OutputLayout output = WriteTables(dir, "user_id,churned\nb,0\n");
  WriteFeaturesReport(output);
  nlohmann::json read;
  EXPECT_NO_THROW(read = RequireFeatureTables(output));
  EXPECT_EQ(read, FileFingerprints(FeatureTableFiles(output)))
      << "the fingerprints of the tables as they were read, for the model's record";
}

TEST(ArtifactLineageTest, ATableOfAnotherRunNamesTheCommandThatMakesThemAgree) {
  TempDir dir;
  OutputLayout output = WriteTables(dir, "user_id,churned\nb,0\n");
  WriteFeaturesReport(output);
  // A second `features`, stopped after its test table: the same size, other bytes.
  WriteTextFile(output.data_dir / kProcessedTestFile, "user_id,churned\nc,1\n");
  EXPECT_THAT(
      [&] { RequireFeatureTables(output); },
      ThrowsMessage<InputError>(HasSubstr(
          "processed_test.csv changed after " + (output.data_dir / kFeaturesReportFile).string() +
          " was written, so the two come from different runs; run `churn-radar "
          "features` (or `churn-radar run`) to make them agree")));
}

TEST(ArtifactLineageTest, AnOlderRecordOrAMissingFileIsNotCompared) {
  TempDir dir;
  OutputLayout output = WriteTables(dir, "user_id,churned\nb,0\n");
  EXPECT_NO_THROW(RequireFeatureTables(output)) << "no report: nothing recorded";
  WriteTextFile(output.data_dir / kFeaturesReportFile, R"({"config": {}})");
  EXPECT_NO_THROW(RequireFeatureTables(output)) << "a report from before the record";
  WriteTextFile(output.data_dir / kFeaturesReportFile, "not json");
  EXPECT_NO_THROW(RequireFeatureTables(output));
  WriteFeaturesReport(output);
  std::filesystem::remove(output.data_dir / kProcessedTestFile);
  EXPECT_NO_THROW(RequireFeatureTables(output)) << "its reader says it is missing";
}

TEST(ArtifactLineageTest, OnlyTheFilesTheRecordListsAreCompared) {
  TempDir dir;
  OutputLayout output = WriteTables(dir, "user_id,churned\nb,0\n");
  // A manifest of a version that recorded the two tables only.
  nlohmann::json manifest = {{"inputs", FileFingerprints({output.data_dir / kProcessedTrainFile,
                                                          output.data_dir / kProcessedTestFile})}};
  const auto manifest_path = WriteTextFile(output.models_dir / "manifest.json", manifest.dump());
  WriteTextFile(output.models_dir / kFeatureColumnsFile, R"({"other": 1})");
  EXPECT_NO_THROW(RequireTrainedOn(output, manifest_path));
}

TEST(ArtifactLineageTest, TheModelsTablesAndReportsAreThoseItsManifestRecords) {
  TempDir dir;
  OutputLayout output = WriteTables(dir, "user_id,churned\nb,0\n");
  const auto metrics = WriteTextFile(output.models_dir / "metrics.json", R"({"auc": 0.8})");
  nlohmann::json manifest = {{"inputs", FileFingerprints(FeatureTableFiles(output))},
                             {"outputs", FileFingerprints({metrics})}};
  const auto manifest_path = WriteTextFile(output.models_dir / "manifest.json", manifest.dump());
  EXPECT_NO_THROW(RequireTrainedOn(output, manifest_path, {metrics}));

  // A train stopped after its reports, before its manifest.
  WriteTextFile(metrics, R"({"auc": 0.75})");
  EXPECT_THAT([&] { RequireTrainedOn(output, manifest_path, {metrics}); },
              ThrowsMessage<InputError>(HasSubstr("metrics.json changed after")));
  EXPECT_NO_THROW(RequireTrainedOn(output, manifest_path)) << "reports not read, not checked";

  // `features` again, with another churn definition.
  WriteTextFile(output.data_dir / kProcessedTrainFile, "user_id,churned\na,0\nd,1\n");
  EXPECT_THAT([&] { RequireTrainedOn(output, manifest_path); },
              ThrowsMessage<InputError>(HasSubstr("run `churn-radar train`")));
}

TEST(ArtifactLineageTest, TwoRecordsDifferWhereTheyListAFileWithOtherFingerprints) {
  nlohmann::json model = {{{"path", "data/processed_train.csv"}, {"bytes", 10}, {"crc32", "aa"}},
                          {{"path", "models/feature_columns.json"}, {"bytes", 3}, {"crc32", "bb"}}};
  nlohmann::json backtest = nlohmann::json::array(
      {{{"path", "/elsewhere/processed_train.csv"}, {"bytes", 10}, {"crc32", "aa"}}});
  EXPECT_EQ(DifferingFile(backtest, model), std::nullopt) << "paths as written do not matter";
  backtest[0]["crc32"] = "ab";
  EXPECT_EQ(DifferingFile(backtest, model), "processed_train.csv");
  EXPECT_EQ(DifferingFile(nullptr, model), std::nullopt);
}

}  // namespace
}  // namespace churn::dataset

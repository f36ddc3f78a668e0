#include "training/training_provenance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>

#include "testing/temp_dir.h"

namespace churn::training {
namespace {

TEST(TrainingProvenanceTest, FingerprintsAreSizeAndCrc32) {
  churn::testing::TempDir folder;
  auto path = churn::testing::WriteTextFile(folder / "t.csv", "123456789");
  nlohmann::json fingerprints = FileFingerprints({path});
  ASSERT_EQ(fingerprints.size(), 1U);
  EXPECT_EQ(fingerprints[0]["bytes"], 9);
  EXPECT_EQ(fingerprints[0]["crc32"], "cbf43926") << "the CRC-32 check value";
}

TEST(TrainingProvenanceTest, CreationTimeIsUtcAndVersionsAreNamed) {
  setenv("TZ", "America/New_York", 1);
  auto utc_hour = [] {
    std::time_t now = std::time(nullptr);
    std::tm utc = *std::gmtime(&now);
    char hour[3];
    std::strftime(hour, sizeof(hour), "%H", &utc);
    return std::string(hour);
  };
  std::string before = utc_hour();
  model::TrainingConfig config;
  nlohmann::json provenance = TrainingProvenance(config, {}, "9.9.9");
  std::string created = provenance["created_at"];
  std::string after = utc_hour();
  EXPECT_THAT(created, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"));
  EXPECT_THAT(created.substr(11, 2), ::testing::AnyOf(before, after))
      << "the hour in UTC, not New York's";
  EXPECT_TRUE(provenance["versions"].contains("xgboost"));
  EXPECT_EQ(provenance["versions"]["churn_radar"], "9.9.9");
  EXPECT_EQ(provenance["config"]["candidates"].size(), 3U);
  unsetenv("TZ");
}

}  // namespace
}  // namespace churn::training

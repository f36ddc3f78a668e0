#include "features/feature_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::features {
namespace {

using ::testing::HasSubstr;

std::string ValidationError(const FeatureConfig& config) {
  try {
    config.Validate();
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(FeatureConfigTest, DefaultsAreValidAndStrict) {
  FeatureConfig config;
  EXPECT_EQ(ValidationError(config), "");
  EXPECT_EQ(config.on_bad_row, BadRowPolicy::kStop);
  EXPECT_EQ(config.columns.user_id, "user_id");
}

TEST(FeatureConfigTest, OutOfRangeSettingsNameTheirKey) {
  FeatureConfig config;
  config.max_bad_fraction = 1.5;
  EXPECT_THAT(ValidationError(config), HasSubstr("features.max_bad_fraction"));
  config = FeatureConfig();
  config.test_share = 1.0;
  EXPECT_THAT(ValidationError(config), HasSubstr("features.test_share"));
  config = FeatureConfig();
  config.threads = -1;
  EXPECT_THAT(ValidationError(config), HasSubstr("features.threads"));
  config = FeatureConfig();
  config.columns.user_id.clear();
  EXPECT_THAT(ValidationError(config), HasSubstr("columns.user_id"));
  config = FeatureConfig();
  config.churn.label_days = -3;
  EXPECT_THAT(ValidationError(config), HasSubstr("churn.label_days must be between 0 and 3660"));
  config = FeatureConfig();
  config.churn.observation_days = 20;
  EXPECT_THAT(ValidationError(config),
              HasSubstr("churn.cohort_active_days (30) cannot exceed churn.observation_days (20)"));
}

TEST(FeatureConfigTest, TheChurnDefaultsLabelTheCustomersStillActive) {
  ChurnDefinition churn;
  EXPECT_EQ(churn.cohort_active_days, 30) << "the shipped config's cohort";
  EXPECT_EQ(churn.observation_days, 0);
  EXPECT_EQ(churn.qualifying_event, QualifyingEvent::kAnyEvent);
}

TEST(FeatureConfigTest, TheLayoutChoosesTheColumns) {
  EXPECT_EQ(MappingOf(ColumnLayout::kRees46).session, "user_session");
  EXPECT_EQ(MappingOf(ColumnLayout::kUciOnlineRetail).session, "InvoiceNo");
  EXPECT_EQ(config::ValueOf(kColumnLayoutNames, "uci_online_retail"),
            ColumnLayout::kUciOnlineRetail);
}

}  // namespace
}  // namespace churn::features

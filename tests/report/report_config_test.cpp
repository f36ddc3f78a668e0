#include "report/report_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::report {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(ReportConfigTest, DefaultsAreValidAndThoseOfTheShippedConfig) {
  ReportConfig config;
  EXPECT_NO_THROW(config.Validate());
  EXPECT_EQ(config.selection_metric, SelectionMetric::kPrAuc);
  EXPECT_EQ(config.threshold_rule, ThresholdRule::kMaxF1);
  EXPECT_EQ(config.bootstrap_resamples, 200);
  EXPECT_EQ(config.campaign.retained_value, 50.0);
}

TEST(ReportConfigTest, OutOfRangeSettingsNameTheirKeyInTheTrainSection) {
  ReportConfig config;
  config.bootstrap_resamples = -1;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(
                  HasSubstr("train.bootstrap_resamples must be between 0 and 100000, got -1")));
  config = ReportConfig();
  config.campaign.contact_cost = -2;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.campaign.contact_cost must be between")));
}

TEST(ReportConfigTest, MetricAndRuleNamesAreTheConfigFilesWords) {
  EXPECT_EQ(config::NameList(kSelectionMetricNames), "pr_auc, roc_auc, log_loss, f1");
  EXPECT_EQ(config::ValueOf(kSelectionMetricNames, "f1"), SelectionMetric::kF1);
  EXPECT_EQ(config::NameOf(kThresholdRuleNames, ThresholdRule::kMaxProfit), "max_profit");
}

}  // namespace
}  // namespace churn::report

#include "model/training_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(TrainingConfigTest, DefaultsAreValid) {
  TrainingConfig config;
  EXPECT_NO_THROW(config.Validate());
  EXPECT_EQ(config.xgboost.max_depth, 6);
  EXPECT_EQ(config.xgboost.max_leaves, 0);
  EXPECT_EQ(config.xgboost_leafwise.max_depth, 0) << "leaf-wise trees are bounded by leaves";
  EXPECT_EQ(config.xgboost_leafwise.max_leaves, 31);
}

TEST(TrainingConfigTest, TreesNeedADepthOrALeafLimit) {
  TrainingConfig config;
  config.xgboost_leafwise.max_leaves = 0;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.xgboost_leafwise needs max_depth or "
                                                   "max_leaves")));
}

TEST(TrainingConfigTest, NamesTheSettingOutOfRange) {
  TrainingConfig config;
  config.xgboost.subsample = 0;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.xgboost.subsample must be between")));
  config = TrainingConfig();
  config.logreg.l2 = -1;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.logreg.l2 must be between")));
  config = TrainingConfig();
  config.threads = 5000;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.threads must be between 0 and 1024")));
}

TEST(TrainingConfigTest, RejectsUnknownCandidatesAndMetrics) {
  TrainingConfig config;
  config.candidates = {"xgboost", "lightgbm"};
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("unknown model 'lightgbm'")));
  config.candidates.clear();
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("must name at least one model")));
  config = TrainingConfig();
  config.selection_metric = "accuracy";
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("unknown metric 'accuracy'")));
}

TEST(TrainingConfigTest, ACandidateListedTwiceIsAnError) {
  TrainingConfig config;
  config.candidates = {"xgboost", "logreg", "xgboost"};
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("'xgboost' is listed twice")));
}

TEST(TrainingConfigTest, NamesOfRulesAreTheConfigFilesWords) {
  EXPECT_EQ(CalibrationName(Calibration::kPlatt), "platt");
  EXPECT_EQ(CalibrationName(Calibration::kIsotonic), "isotonic");
  EXPECT_EQ(CalibrationName(Calibration::kNone), "none");
  EXPECT_EQ(ThresholdRuleName(ThresholdRule::kMaxProfit), "max_profit");
}

}  // namespace
}  // namespace churn::model

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
  EXPECT_FALSE(config.monotone_constraints) << "off until the backtest shows it helps";
  EXPECT_EQ(config.search_seconds, 0) << "no search by default";
  EXPECT_EQ(config.search_trials, 0);
}

TEST(TrainingConfigTest, TheSearchSettingsAreChecked) {
  TrainingConfig config;
  config.search_seconds = -1;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.search_seconds must be between 0")));
  config = TrainingConfig();
  config.search_trials = -2;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.search_trials must be between 0")));
  config.search_trials = 25;
  config.search_seconds = 30;
  EXPECT_NO_THROW(config.Validate());
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

TEST(TrainingConfigTest, RejectsUnknownCandidates) {
  TrainingConfig config;
  config.candidates = {"xgboost", "lightgbm"};
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(
                  HasSubstr("train.candidates: unknown value 'lightgbm' (expected one of: xgboost, "
                            "xgboost_leafwise, logreg, blend)")));
  config.candidates.clear();
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.candidates must name at least one of")));
}

TEST(TrainingConfigTest, TheDefaultCandidatesAreEveryFamilyButTheBlend) {
  EXPECT_THAT(TrainingConfig().candidates,
              ::testing::ElementsAre("xgboost", "xgboost_leafwise", "logreg"));
}

TEST(TrainingConfigTest, ACandidateListedTwiceIsAnError) {
  TrainingConfig config;
  config.candidates = {"xgboost", "logreg", "xgboost"};
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("'xgboost' is listed twice")));
}

TEST(TrainingConfigTest, NamesOfCalibrationsAreTheConfigFilesWords) {
  EXPECT_EQ(CalibrationName(Calibration::kPlatt), "platt");
  EXPECT_EQ(CalibrationName(Calibration::kIsotonic), "isotonic");
  EXPECT_EQ(CalibrationName(Calibration::kNone), "none");
  EXPECT_EQ(config::ValueOf(kCalibrationNames, "isotonic"), Calibration::kIsotonic);
}

TEST(TrainingConfigTest, EveryTreeSettingIsCheckedInBothTreeSections) {
  TrainingConfig config;
  config.xgboost_leafwise.early_stopping_rounds = -1;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr(
                  "train.xgboost_leafwise.early_stopping_rounds must be between 0 and 100000, "
                  "got -1")));
  config = TrainingConfig();
  config.xgboost.max_leaves = 1 << 17;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.xgboost.max_leaves must be between")));
  config = TrainingConfig();
  config.logreg.max_iterations = 0;
  EXPECT_THAT([&] { config.Validate(); },
              ThrowsMessage<ConfigError>(HasSubstr("train.logreg.max_iterations must be between")));
}

}  // namespace
}  // namespace churn::model

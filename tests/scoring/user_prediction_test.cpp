#include "scoring/user_prediction.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "explain/shap_store.h"
#include "report/explanation_run.h"
#include "report/trained_output.h"
#include "testing/temp_dir.h"

namespace churn::scoring {
namespace {

using churn::testing::TempDir;
using ::testing::HasSubstr;

class UserPredictionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    report::testing::WriteSyntheticTables(output_);
    report::testing::SaveLogisticBundle(output_);
    report::ExplainTestSnapshot(output_, {.threads = 1});
  }

  TempDir folder_;
  dataset::OutputLayout output_ = dataset::OutputLayout::Under(folder_.path());
};

TEST_F(UserPredictionTest, AStoredUserIsScoredWithReasons) {
  UserPrediction prediction = PredictUser(output_, "user7", std::nullopt, 3);
  EXPECT_EQ(prediction.features, model::testing::kSyntheticFeatures);
  const report::UserScore& score = prediction.score;
  EXPECT_EQ(score.row.user_id, "user7");
  EXPECT_EQ(score.row.cutoff, report::testing::kTestCutoff);
  EXPECT_THAT(score.row.source, HasSubstr(explain::kShapStoreFileName));
  EXPECT_EQ(score.reasons.size(), 3U);
  EXPECT_EQ(score.threshold, 0.3);
  EXPECT_EQ(score.label, score.probability >= 0.3);
  EXPECT_GT(score.probability, 0.0);
  EXPECT_LT(score.probability, 1.0);
}

TEST_F(UserPredictionTest, AnUnknownUserPointsToTheLogs) {
  EXPECT_THAT([&] { PredictUser(output_, "nobody", std::nullopt, 3); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("unknown user 'nobody'")));
}

}  // namespace
}  // namespace churn::scoring

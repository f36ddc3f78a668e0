#include "app/pipeline_stages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::app {
namespace {

TEST(PipelineStagesTest, RunChainsFeaturesTrainAndExplainInFlowOrder) {
  std::vector<std::string_view> in_run;
  for (const PipelineStage& stage : PipelineStages()) {
    if (stage.in_run) {
      in_run.push_back(stage.name);
    }
  }
  EXPECT_THAT(in_run, ::testing::ElementsAre("features", "train", "explain"));
}

TEST(PipelineStagesTest, NotBuiltStageThrowsAMessageNamingItsIssue) {
  try {
    ThrowNotBuilt(StageNamed("serve"));
  } catch (const NotBuiltError& error) {
    EXPECT_STREQ(error.what(),
                 "'serve' is not built yet (the dashboard and the JSON scoring API: issue #6)");
    return;
  }
  FAIL() << "ThrowNotBuilt returned";
}

TEST(PipelineStagesTest, UnknownStageIsABug) {
  EXPECT_THROW(StageNamed("deploy"), InternalError);
}

}  // namespace
}  // namespace churn::app

#include "report/recency_baseline.h"

#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::report {
namespace {

TEST(RecencyBaselineTest, ScoresAreTheDaysSinceTheLastVisit) {
  dataset::FeatureMatrix features;
  features.names = {"clicks", "days_since_last_visit"};
  features.values = {5, 2.5F, 7, 30};
  EXPECT_EQ(RecencyScores(features), (std::vector<double>{2.5, 30}));
}

TEST(RecencyBaselineTest, WithoutTheColumnItSaysWhich) {
  dataset::FeatureMatrix features;
  features.names = {"clicks"};
  features.values = {1};
  EXPECT_THROW(RecencyScores(features), InputError);
}

}  // namespace
}  // namespace churn::report

#include "features/feature_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "testing/temp_dir.h"

namespace churn::features {
namespace {

TEST(FeatureRegistryTest, StartsWithTheSeedsTwentyOneInTheirOrder) {
  const std::vector<std::string_view> kSeed = {"clicks",
                                               "purchases",
                                               "avg_session_time",
                                               "active_days",
                                               "days_since_last_visit",
                                               "account_age_days",
                                               "avg_order_value",
                                               "total_spend",
                                               "n_unique_categories",
                                               "n_unique_brands",
                                               "is_buyer",
                                               "high_value_user",
                                               "conversion_rate",
                                               "engagement",
                                               "clicks_per_time",
                                               "order_value_per_time",
                                               "spend_per_day",
                                               "purchases_per_day",
                                               "days_bin_recent",
                                               "days_bin_medium",
                                               "days_bin_long"};
  std::span<const FeatureSpec> registry = FeatureRegistry();
  ASSERT_GE(registry.size(), 40U);
  for (std::size_t seed_idx = 0; seed_idx < kSeed.size(); ++seed_idx) {
    EXPECT_EQ(registry[seed_idx].name, kSeed[seed_idx]);
  }
}

TEST(FeatureRegistryTest, NamesAreUniqueAndEveryFeatureIsDocumented) {
  std::set<std::string_view> names;
  for (const FeatureSpec& spec : FeatureRegistry()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    EXPECT_FALSE(spec.meaning.empty()) << spec.name;
    EXPECT_FALSE(spec.formula.empty()) << spec.name;
    EXPECT_NE(spec.compute, nullptr) << spec.name;
  }
}

TEST(FeatureRegistryTest, FormulasGiveFiniteValuesForAnEmptyAndABusyUser) {
  SnapshotStats idle;
  idle.observed = true;
  SnapshotStats busy;
  busy.observed = true;
  busy.events = 40;
  busy.views = 30;
  busy.carts = 6;
  busy.removes = 1;
  busy.purchases = 3;
  busy.spend = 120;
  busy.active_days = 5;
  busy.days_since_first_visit = 20;
  busy.days_since_last_visit = 2;
  FeatureContext context{100};
  for (const FeatureSpec& spec : FeatureRegistry()) {
    EXPECT_TRUE(std::isfinite(spec.compute(idle, context))) << spec.name;
    EXPECT_TRUE(std::isfinite(spec.compute(busy, context))) << spec.name;
  }
  auto value = [&](std::string_view name, const SnapshotStats& stats) {
    for (const FeatureSpec& spec : FeatureRegistry()) {
      if (spec.name == name) {
        return spec.compute(stats, context);
      }
    }
    ADD_FAILURE() << "no feature " << name;
    return 0.0;
  };
  EXPECT_EQ(value("clicks", busy), 37);
  EXPECT_EQ(value("avg_order_value", busy), 40);
  EXPECT_EQ(value("high_value_user", busy), 1);
  EXPECT_EQ(value("days_bin_recent", busy), 1);
  EXPECT_EQ(value("days_bin_long", busy), 0);
  EXPECT_DOUBLE_EQ(value("cart_rate", busy), 0.2);
  EXPECT_EQ(value("conversion_rate", idle), 0) << "no clicks: 0, not NaN";
}

TEST(FeatureRegistryTest, DocsFileIsRenderedFromTheRegistry) {
  std::filesystem::path docs = std::filesystem::path(CHURN_SOURCE_DIR) / "docs" / "features.md";
  std::string expected = RenderFeatureDocs();
  if (const char* update = std::getenv("CHURN_UPDATE_DOCS"); update && std::string(update) == "1") {
    churn::testing::WriteTextFile(docs, expected);
  }
  EXPECT_EQ(churn::testing::ReadTextFile(docs), expected)
      << "docs/features.md is out of date: run this test with CHURN_UPDATE_DOCS=1";
}

}  // namespace
}  // namespace churn::features

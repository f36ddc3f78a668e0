#include "features/feature_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "errors/error.h"
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

std::size_t CountValueSlots(std::string_view text) {
  std::size_t slots = 0;
  for (std::size_t pos = text.find("{}"); pos != std::string_view::npos;
       pos = text.find("{}", pos + 2)) {
    ++slots;
  }
  return slots;
}

bool HasBraces(std::string_view text) {
  return text.find_first_of("{}") != std::string_view::npos;
}

TEST(FeatureRegistryTest, EveryFeatureHasAPhraseWithOneSlotForItsValue) {
  for (const FeatureSpec& spec : FeatureRegistry()) {
    const ValuePhrase& phrase = spec.phrase;
    if (phrase.kind == ValueKind::kFlag) {
      EXPECT_FALSE(phrase.text.empty()) << spec.name << ": a flag's words when set";
      EXPECT_FALSE(phrase.text_when_unset.empty()) << spec.name << ": a flag's words when not set";
      EXPECT_NE(phrase.text, phrase.text_when_unset) << spec.name;
      EXPECT_FALSE(HasBraces(phrase.text)) << spec.name << ": a flag shows no number";
      EXPECT_FALSE(HasBraces(phrase.text_when_unset)) << spec.name;
      EXPECT_TRUE(phrase.text_for_one.empty()) << spec.name;
      continue;
    }
    EXPECT_EQ(CountValueSlots(phrase.text), 1U) << spec.name << ": " << phrase.text;
    EXPECT_EQ(std::count(phrase.text.begin(), phrase.text.end(), '{'), 1) << spec.name;
    EXPECT_TRUE(phrase.text_when_unset.empty()) << spec.name << ": only flags have two readings";
    if (!phrase.text_for_one.empty()) {
      EXPECT_EQ(CountValueSlots(phrase.text_for_one), 1U) << spec.name;
      EXPECT_NE(phrase.text_for_one, phrase.text) << spec.name;
    }
  }
}

TEST(FeatureRegistryTest, ValueKindsFollowWhatTheFeatureMeasures) {
  auto kind_of = [](std::string_view name) {
    for (const FeatureSpec& spec : FeatureRegistry()) {
      if (spec.name == name) {
        return spec.phrase.kind;
      }
    }
    ADD_FAILURE() << "no feature " << name;
    return ValueKind::kRatio;
  };
  for (const FeatureSpec& spec : FeatureRegistry()) {
    if (spec.name.starts_with("days_since") || spec.name.starts_with("gap_days")) {
      EXPECT_EQ(spec.phrase.kind, ValueKind::kDays) << spec.name;
    }
    if (spec.name.starts_with("days_bin") || spec.name.starts_with("is_")) {
      EXPECT_EQ(spec.phrase.kind, ValueKind::kFlag) << spec.name;
    }
    if (spec.name.ends_with("_share") || spec.name.ends_with("_rate")) {
      EXPECT_EQ(spec.phrase.kind, ValueKind::kShare) << spec.name;
    }
    if (spec.phrase.kind == ValueKind::kCount) {
      EXPECT_FALSE(spec.phrase.text_for_one.empty()) << spec.name << ": a count needs its singular";
    }
  }
  EXPECT_EQ(kind_of("purchases"), ValueKind::kCount);
  EXPECT_EQ(kind_of("total_spend"), ValueKind::kMoney);
  EXPECT_EQ(kind_of("spend_trend"), ValueKind::kMoneyChange);
  EXPECT_EQ(kind_of("avg_session_time"), ValueKind::kMinutes);
  EXPECT_EQ(kind_of("high_value_user"), ValueKind::kFlag);
  EXPECT_EQ(kind_of("engagement"), ValueKind::kRatio);
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

TEST(FeatureRegistryTest, ChurnDirectionsFollowTheNamesOrder) {
  EXPECT_EQ(ChurnDirections({"days_since_last_visit", "events_last_7d", "account_age_days",
                             "days_since_last_purchase", "sessions_last_14d", "total_spend"}),
            (std::vector<int>{1, -1, 0, 1, -1, 0}));
  EXPECT_TRUE(ChurnDirections({}).empty());
}

// Only recency and recent activity have a direction; totals over the whole
// history (tenure, lifetime counts, spend) do not move churn the same way in
// every shop.
TEST(FeatureRegistryTest, OnlyRecencyAndRecentActivityHaveAChurnDirection) {
  const std::set<std::string_view> kRising = {"days_since_last_visit", "days_since_last_purchase",
                                              "days_since_last_cart", "days_bin_long"};
  const std::set<std::string_view> kFalling = {"days_bin_recent", "events_last_7d",
                                               "events_last_14d", "sessions_last_14d"};
  for (const FeatureSpec& spec : FeatureRegistry()) {
    ChurnDirection expected = kRising.contains(spec.name)    ? ChurnDirection::kRises
                              : kFalling.contains(spec.name) ? ChurnDirection::kFalls
                                                             : ChurnDirection::kUnknown;
    EXPECT_EQ(spec.churn_direction, expected) << spec.name;
  }
  for (std::string total : {"purchases", "clicks", "active_days", "n_sessions", "account_age_days",
                            "total_spend", "is_buyer", "spend_last_30d", "activity_trend_7d"}) {
    EXPECT_EQ(ChurnDirections({total}), std::vector<int>{0}) << total;
  }
}

TEST(FeatureRegistryTest, ChurnDirectionsRejectAnUnknownFeature) {
  try {
    ChurnDirections({"days_since_last_visit", "p_alive"});
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("'p_alive'"));
  }
}

TEST(FeatureRegistryTest, DocsShowTheChurnDirection) {
  std::string docs = RenderFeatureDocs();
  EXPECT_THAT(docs, ::testing::HasSubstr("| in a reason | churn as it grows |"));
  EXPECT_THAT(docs, ::testing::HasSubstr("| last visit … days ago | rises |\n"));
  EXPECT_THAT(docs, ::testing::HasSubstr("| … actions in the last 7 days | falls |\n"));
  EXPECT_THAT(docs, ::testing::HasSubstr("| spent … in total |  |\n"));
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

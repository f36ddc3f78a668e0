#include "features/snapshot_rows.h"

#include <gtest/gtest.h>

#include "events/year_month.h"
#include "features/log_times.h"

namespace churn::features {
namespace {

using events::EventType;

LogEvent Purchase(std::string_view user, std::int64_t time, std::int64_t cents) {
  LogEvent event;
  event.time = time;
  event.type = EventType::kPurchase;
  event.user_id = user;
  event.user_key = KeyOf(user);
  event.session_key = KeyOf(user) + static_cast<std::uint64_t>(time / kDay);
  event.product_key = 1;
  event.price_cents = cents;
  event.amount_cents = cents;
  return event;
}

// Users 10, 9 and 100 buy in October; 100 comes back in November.
std::vector<UserTable> Tables() {
  std::vector<UserTable> tables(2);
  std::int64_t october = events::YearMonth(2019, 10).FirstSecond();
  std::int64_t november = events::YearMonth(2019, 11).FirstSecond();
  for (auto [user, cents] : {std::pair{"10", 1000}, {"9", 3000}, {"100", 5000}}) {
    LogEvent event = Purchase(user, october + 3 * kDay, cents);
    tables[event.user_key % 2].HistoryOf(event.user_key, user).Add(event);
  }
  LogEvent back = Purchase("100", november + kDay, 700);
  tables[back.user_key % 2].HistoryOf(back.user_key, "100").Add(back);
  for (UserTable& table : tables) {
    for (UserHistory& history : table.histories()) {
      history.Finish();
    }
  }
  return tables;
}

SnapshotPlan NovemberPlan() {
  return PlanSnapshots(ChurnDefinition(), events::YearMonth(2019, 10).FirstSecond(),
                       events::YearMonth(2019, 11).EndSecond());
}

TEST(SnapshotRowsTest, UsersComeInNumericIdOrderWhateverTheirPartition) {
  std::vector<UserTable> tables = Tables();
  SnapshotRows rows(tables, NovemberPlan(), QualifyingEvent::kAnyEvent);
  ASSERT_EQ(rows.user_count(), 3U);
  EXPECT_EQ(rows.user(0).user_id(), "9");
  EXPECT_EQ(rows.user(1).user_id(), "10");
  EXPECT_EQ(rows.user(2).user_id(), "100");
}

TEST(SnapshotRowsTest, RowsCarryTheRegistryValuesAndTheLabel) {
  std::vector<UserTable> tables = Tables();
  SnapshotRows rows(tables, NovemberPlan(), QualifyingEvent::kAnyEvent);
  StatsScratch scratch;
  std::vector<double> values;
  bool churned = false;
  ASSERT_TRUE(rows.RowOf(0, 2, FeatureContext{}, &scratch, &values, &churned));
  EXPECT_EQ(values.size(), FeatureRegistry().size());
  EXPECT_EQ(values[7], 50.0) << FeatureRegistry()[7].name << ": October only, not November";
  EXPECT_FALSE(churned) << "user 100 came back";
  ASSERT_TRUE(rows.RowOf(0, 0, FeatureContext{}, &scratch, &values, &churned));
  EXPECT_TRUE(churned);
}

TEST(SnapshotRowsTest, TheHighValueThresholdIsTheTrainingBuyersUpperQuartile) {
  std::vector<UserTable> tables = Tables();
  SnapshotRows rows(tables, NovemberPlan(), QualifyingEvent::kAnyEvent);
  EXPECT_EQ(rows.FitContext(1, 2).high_value_spend, 30.0) << "spends 10, 30, 50";
  auto only_user_9 = [&](std::size_t user_idx) { return rows.user(user_idx).user_id() == "9"; };
  EXPECT_EQ(rows.FitContext(1, 2, only_user_9).high_value_spend, 30.0);
}

TEST(SnapshotRowsTest, LabelsAgreeWithTheRowsOnAnyNumberOfThreads) {
  std::vector<UserTable> tables = Tables();
  SnapshotRows rows(tables, NovemberPlan(), QualifyingEvent::kAnyEvent);
  for (int threads : {1, 2, 5}) {
    std::vector<SnapshotRows::UserLabel> labels = rows.Labels(0, threads);
    ASSERT_EQ(labels.size(), rows.user_count());
    for (std::size_t user_idx = 0; user_idx < rows.user_count(); ++user_idx) {
      StatsScratch scratch;
      std::vector<double> values;
      bool churned = false;
      bool labelled = rows.RowOf(0, user_idx, FeatureContext{}, &scratch, &values, &churned);
      EXPECT_EQ(labels[user_idx].labelled, labelled) << "user number " << user_idx;
      EXPECT_EQ(labels[user_idx].churned, churned) << "user number " << user_idx;
    }
  }
  EXPECT_TRUE(rows.Labels(0, 2)[0].churned) << "user 9 did not come back";
  EXPECT_FALSE(rows.Labels(0, 2)[2].churned) << "user 100 came back";
}

}  // namespace
}  // namespace churn::features

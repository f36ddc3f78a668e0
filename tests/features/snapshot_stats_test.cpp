#include "features/snapshot_stats.h"

#include <gtest/gtest.h>

#include "events/event_time.h"
#include "events/year_month.h"
#include "features/feature_registry.h"
#include "features/log_times.h"

namespace churn::features {
namespace {

using events::EventType;

const std::int64_t kOct1 = events::YearMonth(2019, 10).FirstSecond();
const std::int64_t kNov1 = events::YearMonth(2019, 11).FirstSecond();
const std::int64_t kDec1 = events::YearMonth(2019, 12).FirstSecond();

LogEvent SessionEvent(std::int64_t time, EventType type, std::uint64_t session,
                      std::int64_t amount_cents = 0) {
  LogEvent event;
  event.time = time;
  event.type = type;
  event.session_key = session;
  event.product_key = session * 10 + 1;
  event.category_key = 1;
  event.amount_cents = amount_cents;
  event.price_cents = amount_cents;
  return event;
}

Snapshot November() {
  Snapshot snapshot;
  snapshot.cutoff = kNov1;
  snapshot.observation_start = kOct1;
  snapshot.cohort_start = kOct1;
  snapshot.label_end = kDec1;
  return snapshot;
}

std::vector<double> Features(const UserHistory& history, const Snapshot& snapshot) {
  StatsScratch scratch;
  SnapshotStats stats =
      ComputeSnapshotStats(history, snapshot, QualifyingEvent::kAnyEvent, &scratch);
  std::vector<double> values;
  for (const FeatureSpec& spec : FeatureRegistry()) {
    values.push_back(spec.compute(stats, FeatureContext{50}));
  }
  return values;
}

UserHistory OctoberShopper() {
  UserHistory history("7");
  history.Add(SessionEvent(kOct1 + 2 * kDay + 36000, EventType::kView, 1));
  history.Add(SessionEvent(kOct1 + 2 * kDay + 36300, EventType::kCart, 1));
  history.Add(SessionEvent(kOct1 + 2 * kDay + 36900, EventType::kPurchase, 1, 4999));
  history.Add(SessionEvent(kOct1 + 20 * kDay + 40000, EventType::kView, 2));
  history.Add(SessionEvent(kNov1 - 3600, EventType::kView, 3));  // 23:00 on 31 October
  return history;
}

// Sessions 5 and 9 start in the same second and end apart: the gaps come out
// the same whichever the events' order.
TEST(SnapshotStatsTest, SessionsStartingTogetherGiveGapsWhateverTheirOrder) {
  std::vector<LogEvent> events = {SessionEvent(kOct1 + 1000, EventType::kView, 9),
                                  SessionEvent(kOct1 + 1100, EventType::kView, 9),
                                  SessionEvent(kOct1 + 1000, EventType::kView, 5),
                                  SessionEvent(kOct1 + 1600, EventType::kView, 5),
                                  SessionEvent(kOct1 + 5 * kDay, EventType::kView, 2)};
  UserHistory forward("1");
  UserHistory backward("1");
  for (std::size_t idx = 0; idx < events.size(); ++idx) {
    forward.Add(events[idx]);
    backward.Add(events[events.size() - 1 - idx]);
  }
  forward.Finish();
  backward.Finish();
  StatsScratch scratch;
  SnapshotStats one =
      ComputeSnapshotStats(forward, November(), QualifyingEvent::kAnyEvent, &scratch);
  SnapshotStats two =
      ComputeSnapshotStats(backward, November(), QualifyingEvent::kAnyEvent, &scratch);
  EXPECT_EQ(one.sessions, 3);
  EXPECT_EQ(one.gap_days_last, two.gap_days_last);
  EXPECT_EQ(one.gap_days_mean, two.gap_days_mean);
  EXPECT_EQ(one.gap_days_max, two.gap_days_max);
  // Ordered by end within the same start, not by key: 9 (ends at +1100),
  // then 5 (+1600), so the last gap runs from +1600.
  EXPECT_DOUBLE_EQ(one.gap_days_last, (5.0 * kDay - 1600) / kDay);
}

TEST(SnapshotStatsTest, MeasuresTheObservationWindowFromTheCutoff) {
  UserHistory history = OctoberShopper();
  history.Finish();
  StatsScratch scratch;
  SnapshotStats stats =
      ComputeSnapshotStats(history, November(), QualifyingEvent::kAnyEvent, &scratch);
  EXPECT_TRUE(stats.observed);
  EXPECT_EQ(stats.events, 5);
  EXPECT_EQ(stats.purchases, 1);
  EXPECT_DOUBLE_EQ(stats.spend, 49.99);
  EXPECT_EQ(stats.active_days, 3);
  EXPECT_DOUBLE_EQ(stats.days_since_last_visit, 1.0 / 24);
  EXPECT_EQ(stats.sessions, 3);
  EXPECT_DOUBLE_EQ(stats.session_minutes_max, 15);
  EXPECT_EQ(stats.events_7d, 1);
  EXPECT_EQ(stats.events_14d, 2) << "21 and 31 October";
  EXPECT_TRUE(stats.churned) << "nothing in November";
}

// The promise of point-in-time features: events at or after the cutoff never
// change the snapshot's features, only its label.
TEST(SnapshotStatsTest, FutureEventsChangeTheLabelButNeverTheFeatures) {
  UserHistory before = OctoberShopper();
  before.Finish();
  UserHistory after = OctoberShopper();
  after.Add(SessionEvent(kNov1, EventType::kPurchase, 3, 10000));  // same session, after midnight
  after.Add(SessionEvent(kNov1 + 5 * kDay, EventType::kView, 9));
  after.Add(SessionEvent(kDec1 + 1, EventType::kPurchase, 10, 777));
  after.Finish();
  EXPECT_EQ(Features(before, November()), Features(after, November()));
  StatsScratch scratch;
  EXPECT_FALSE(
      ComputeSnapshotStats(after, November(), QualifyingEvent::kAnyEvent, &scratch).churned);
}

TEST(SnapshotStatsTest, APurchaseQualifiesOnlyWhenPurchasesAreAskedFor) {
  UserHistory history = OctoberShopper();
  history.Add(SessionEvent(kNov1 + kDay, EventType::kView, 20));
  history.Finish();
  StatsScratch scratch;
  EXPECT_FALSE(
      ComputeSnapshotStats(history, November(), QualifyingEvent::kAnyEvent, &scratch).churned);
  EXPECT_TRUE(
      ComputeSnapshotStats(history, November(), QualifyingEvent::kPurchase, &scratch).churned);
}

TEST(SnapshotStatsTest, UsersSeenOnlyAfterTheCutoffOrOutsideTheCohortAreNotLabelled) {
  UserHistory newcomer("8");
  newcomer.Add(SessionEvent(kNov1 + kDay, EventType::kView, 1));
  newcomer.Finish();
  StatsScratch scratch;
  EXPECT_FALSE(
      ComputeSnapshotStats(newcomer, November(), QualifyingEvent::kAnyEvent, &scratch).observed);

  UserHistory early("9");
  early.Add(SessionEvent(kOct1 + kDay, EventType::kView, 1));
  early.Finish();
  Snapshot cohort = November();
  cohort.cohort_start = kNov1 - 7 * kDay;  // active in the last week only
  SnapshotStats stats = ComputeSnapshotStats(early, cohort, QualifyingEvent::kAnyEvent, &scratch);
  EXPECT_TRUE(stats.observed);
  EXPECT_FALSE(stats.in_cohort);
}

TEST(SnapshotStatsTest, RowsWithoutASessionIdAreNotOneLongSession) {
  UserHistory history("5");
  history.Add(SessionEvent(kOct1 + kDay + 100, EventType::kView, 0));
  history.Add(SessionEvent(kOct1 + 9 * kDay + 100, EventType::kView, 0));
  history.Finish();
  StatsScratch scratch;
  SnapshotStats stats =
      ComputeSnapshotStats(history, November(), QualifyingEvent::kAnyEvent, &scratch);
  EXPECT_EQ(stats.sessions, 2);
  EXPECT_EQ(stats.session_minutes_max, 0);
}

}  // namespace
}  // namespace churn::features

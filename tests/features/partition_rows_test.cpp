#include "features/partition_rows.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "events/year_month.h"
#include "features/fit_context.h"
#include "testing/temp_dir.h"
#include "two_month_logs.h"

namespace churn::features {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;

// 400 users buy in October, spending 1 to 400 units; every third comes back
// in November.
void WriteShoppers(const TempDir& folder) {
  std::string october(testing::kRees46Header);
  std::string november(testing::kRees46Header);
  for (int user = 1; user <= 400; ++user) {
    october += "2019-10-" + std::string(user % 2 == 0 ? "05" : "25") +
               " 10:00:00 UTC,purchase,10,100,,acme," + std::to_string(user) + ".00," +
               std::to_string(user) + ",s" + std::to_string(user) + "\n";
    if (user % 3 == 0) {
      november += "2019-11-10 09:00:00 UTC,view,10,100,,acme,2.00," + std::to_string(user) + ",t" +
                  std::to_string(user) + "\n";
    }
  }
  november += "2019-11-30 18:00:00 UTC,view,12,100,,acme,5.00,9999,last\n";
  WriteTextFile(folder / "2019-Oct.csv", october);
  WriteTextFile(folder / "2019-Nov.csv", november);
}

SnapshotPlan NovemberPlan() {
  return PlanSnapshots(ChurnDefinition(), events::YearMonth(2019, 10).FirstSecond(),
                       events::YearMonth(2019, 11).EndSecond());
}

struct Made {
  std::vector<StoredRow> rows;
  FeatureContext context;
  PartitionRowsOutcome outcome;
};

Made MakeRows(const TempDir& logs, int threads, std::int64_t memory_limit) {
  TempDir scratch;
  SpillFolder spill(scratch.path());
  LogStreamConfig config;
  config.threads = threads;
  config.memory_limit = memory_limit;
  config.spill = &spill;
  LogStreamer streamer(config);
  streamer.Stream(logs / "2019-Oct.csv");
  streamer.Stream(logs / "2019-Nov.csv");
  RowStore store(spill, 1);
  Made made;
  made.outcome = MakePartitionRows(streamer, NovemberPlan(), QualifyingEvent::kAnyEvent, store);
  made.context = FitFeatureContext(store, 1, {});
  RowStore::Reader reader = store.Read(0);
  StoredRow row;
  while (reader.Next(&row)) {
    made.rows.push_back(row);
  }
  return made;
}

TEST(PartitionRowsTest, RowsComeByPartitionThenByNumericId) {
  TempDir logs;
  WriteShoppers(logs);
  Made made = MakeRows(logs, 2, 0);
  ASSERT_EQ(made.rows.size(), 400U) << "user 9999 has no event before the cutoff";
  EXPECT_EQ(made.outcome.users, 401);
  for (std::size_t row_idx = 1; row_idx < made.rows.size(); ++row_idx) {
    const StoredRow& before = made.rows[row_idx - 1];
    const StoredRow& row = made.rows[row_idx];
    ASSERT_LE(PartitionOf(before.user_key), PartitionOf(row.user_key));
    if (PartitionOf(before.user_key) == PartitionOf(row.user_key)) {
      EXPECT_TRUE(UserIdLess(before.user_id, row.user_id)) << before.user_id << " " << row.user_id;
    }
  }
}

TEST(PartitionRowsTest, RowsCarryTheStatsAndTheLabel) {
  TempDir logs;
  WriteShoppers(logs);
  for (const StoredRow& row : MakeRows(logs, 1, 0).rows) {
    int user = std::stoi(row.user_id);
    EXPECT_EQ(row.user_key, KeyOf(row.user_id));
    EXPECT_EQ(row.stats.spend, user) << "October only, not November";
    EXPECT_EQ(row.stats.churned, user % 3 != 0) << "user " << user;
  }
}

TEST(PartitionRowsTest, TheSameRowsWhateverTheThreadsAndTheBudget) {
  TempDir logs;
  WriteShoppers(logs);
  auto labels_of = [](const Made& made) {
    std::vector<std::string> ids;
    for (const StoredRow& row : made.rows) {
      ids.push_back(row.user_id + (row.stats.churned ? "+" : "-") +
                    std::to_string(row.stats.days_since_last_visit));
    }
    return ids;
  };
  std::vector<std::string> expected = labels_of(MakeRows(logs, 1, 0));
  EXPECT_EQ(labels_of(MakeRows(logs, 2, 0)), expected);
  EXPECT_EQ(labels_of(MakeRows(logs, 3, 0)), expected);
  EXPECT_EQ(labels_of(MakeRows(logs, 2, 1)), expected) << "every partition spilled";
}

TEST(PartitionRowsTest, TheHighValueThresholdIsTheTrainingBuyersUpperQuartile) {
  TempDir logs;
  WriteShoppers(logs);
  EXPECT_EQ(MakeRows(logs, 2, 0).context.high_value_spend, 300.0)
      << "spends 1 to 400: the rank floor(0.75 * 399) = 299 from 0";
}

}  // namespace
}  // namespace churn::features

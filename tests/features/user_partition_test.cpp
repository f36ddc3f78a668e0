#include "features/user_partition.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "features/history_codec.h"
#include "features/log_times.h"
#include "features/same_history.h"
#include "testing/temp_dir.h"

namespace churn::features {
namespace {

using churn::testing::TempDir;
using events::EventType;

constexpr std::size_t kUsers = 60;
constexpr std::size_t kEvents = 12000;  // the spilled half crosses the 4096-event read block
constexpr std::size_t kBatch = 97;
constexpr std::size_t kIndex = 5;

// A log of many users over three weeks, mostly in time order with some
// events late, sessions crossing midnight, cancellations, and events without
// a category or brand: the same every run.
class LogFixture {
 public:
  LogFixture() {
    for (std::size_t user = 0; user < kUsers; ++user) {
      // Built with fmt: GCC 12 at -O3 sees a false -Wrestrict in "u" + std::string.
      ids_.push_back(user == 7 ? fmt::format("user-with-a-long-id-{}", std::string(64, 'z'))
                               : fmt::format("u{}", user));
    }
    std::uint64_t state = 12345;
    auto next = [&state](std::uint64_t bound) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % bound;
    };
    constexpr std::array<EventType, 4> kTypes = {EventType::kView, EventType::kCart,
                                                 EventType::kRemoveFromCart, EventType::kPurchase};
    for (std::size_t event_idx = 0; event_idx < kEvents; ++event_idx) {
      LogEvent event;
      std::size_t user = next(kUsers);
      event.user_id = ids_[user];
      event.user_key = KeyOf(ids_[user]);
      std::int64_t clock = static_cast<std::int64_t>(event_idx) * (21 * kDay / kEvents);
      std::int64_t late = next(10) == 0 ? static_cast<std::int64_t>(next(3 * kDay)) : 0;
      event.time = kOct1st2019 + clock - late;
      event.type = kTypes[next(4)];
      event.session_key = user * 1000 + static_cast<std::uint64_t>(clock / (kDay / 3)) + 1;
      std::uint64_t product = next(400) + 1;
      event.product_key = product;
      event.category_key = product % 9 == 0 ? 0 : product / 10 + 1;
      event.brand_key = product % 5 == 0 ? 0 : product % 23 + 1;
      event.price_cents = static_cast<std::int64_t>(100 + product * 7);
      event.amount_cents = next(6) == 0 ? -event.price_cents : event.price_cents;
      events_.push_back(event);
    }
  }

  std::span<const LogEvent> events() const { return events_; }

 private:
  std::vector<std::string> ids_;
  std::vector<LogEvent> events_;
};

void FoldInBatches(std::span<const LogEvent> events, UserPartition* partition) {
  for (std::size_t begin = 0; begin < events.size(); begin += kBatch) {
    std::vector<const LogEvent*> batch;
    for (std::size_t idx = begin; idx < std::min(events.size(), begin + kBatch); ++idx) {
      batch.push_back(&events[idx]);
    }
    partition->Fold(batch);
  }
}

UserTable FoldedInMemory(std::span<const LogEvent> events) {
  UserPartition partition(kIndex);
  FoldInBatches(events, &partition);
  EXPECT_FALSE(partition.spilled());
  return partition.TakeFinished();
}

UserTable FoldedWithASpillAt(std::span<const LogEvent> events, std::size_t spill_at,
                             const SpillFolder& folder) {
  UserPartition partition(kIndex);
  FoldInBatches(events.first(spill_at), &partition);
  partition.Spill(folder);
  FoldInBatches(events.subspan(spill_at), &partition);
  EXPECT_TRUE(partition.spilled());
  return partition.TakeFinished();
}

void ExpectSameTable(const UserTable& actual, const UserTable& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t user_idx = 0; user_idx < expected.size(); ++user_idx) {
    ExpectSameHistory(actual.histories()[user_idx], expected.histories()[user_idx]);
  }
}

std::int64_t EventsIn(const UserTable& table) {
  std::int64_t events = 0;
  for (const UserHistory& history : table.histories()) {
    for (const DayActivity& day : history.days()) {
      events += day.Events();
    }
  }
  return events;
}

TEST(UserPartitionTest, SpillingMidwayGivesTheSameHistoriesAsMemory) {
  LogFixture log;
  TempDir dir;
  SpillFolder folder(dir.path());
  UserTable in_memory = FoldedInMemory(log.events());
  ASSERT_EQ(in_memory.size(), kUsers);
  EXPECT_EQ(EventsIn(in_memory), static_cast<std::int64_t>(kEvents));
  EXPECT_EQ(in_memory.histories()[0].user_id(), std::string(log.events()[0].user_id))
      << "histories in order of first event";
  for (std::size_t spill_at : {std::size_t{0}, kEvents / 2, kEvents / 2 + 1, kEvents}) {
    SCOPED_TRACE("spilled after " + std::to_string(spill_at) + " events");
    ExpectSameTable(FoldedWithASpillAt(log.events(), spill_at, folder), in_memory);
  }
}

TEST(UserPartitionTest, SpillingFreesTheMemoryAndCountsTheBytesOnDisk) {
  LogFixture log;
  TempDir dir;
  SpillFolder folder(dir.path());
  const std::size_t half = kEvents / 2;
  UserPartition partition(kIndex);
  EXPECT_EQ(partition.index(), kIndex);
  FoldInBatches(log.events().first(half), &partition);
  EXPECT_GT(partition.MemoryBytes(), 0U);
  EXPECT_EQ(partition.spilled_bytes(), 0);
  EXPECT_FALSE(partition.spilled());

  partition.Spill(folder);
  const std::filesystem::path histories = folder.File("partition-005.histories");
  const std::filesystem::path events = folder.File("partition-005.events");
  EXPECT_TRUE(partition.spilled());
  EXPECT_EQ(partition.MemoryBytes(), 0U);
  ASSERT_TRUE(std::filesystem::exists(histories));
  const auto histories_bytes = static_cast<std::int64_t>(std::filesystem::file_size(histories));
  EXPECT_GT(histories_bytes, static_cast<std::int64_t>(kUsers * sizeof(DayActivity)));
  EXPECT_EQ(partition.spilled_bytes(), histories_bytes);
  partition.Spill(folder);  // a second spill changes nothing
  EXPECT_EQ(partition.spilled_bytes(), histories_bytes);

  FoldInBatches(log.events().subspan(half), &partition);
  std::int64_t event_bytes = 0;
  for (const LogEvent& event : log.events().subspan(half)) {
    event_bytes += static_cast<std::int64_t>(sizeof(SpilledEvent) + event.user_id.size());
  }
  EXPECT_EQ(partition.spilled_bytes(), histories_bytes + event_bytes);
  EXPECT_EQ(partition.MemoryBytes(), 0U) << "later events go to disk, not memory";
  EXPECT_EQ(partition.events(), static_cast<std::int64_t>(kEvents));

  UserTable finished = partition.TakeFinished();
  EXPECT_EQ(finished.size(), kUsers);
  EXPECT_EQ(EventsIn(finished), static_cast<std::int64_t>(kEvents));
  EXPECT_FALSE(std::filesystem::exists(histories));
  EXPECT_FALSE(std::filesystem::exists(events));
  EXPECT_FALSE(partition.spilled());
  EXPECT_EQ(partition.MemoryBytes(), 0U);
  EXPECT_EQ(partition.TakeFinished().size(), 0U) << "TakeFinished leaves it empty";
}

TEST(UserPartitionTest, TakeFinishedInMemoryLeavesItEmpty) {
  LogFixture log;
  UserPartition partition(kIndex);
  FoldInBatches(log.events().first(500), &partition);
  EXPECT_EQ(partition.events(), 500);
  UserTable finished = partition.TakeFinished();
  EXPECT_EQ(EventsIn(finished), 500);
  EXPECT_GT(finished.MemoryBytes(), 0U);
  EXPECT_EQ(partition.MemoryBytes(), 0U);
  EXPECT_EQ(partition.TakeFinished().size(), 0U);
}

TEST(UserPartitionTest, FinishedHistoriesHaveTheirDaysInOrder) {
  LogFixture log;
  TempDir dir;
  SpillFolder folder(dir.path());
  UserTable finished = FoldedWithASpillAt(log.events(), kEvents / 3, folder);
  for (const UserHistory& history : finished.histories()) {
    for (std::size_t day_idx = 1; day_idx < history.days().size(); ++day_idx) {
      ASSERT_LT(history.days()[day_idx - 1].day, history.days()[day_idx].day) << history.user_id();
    }
  }
}

TEST(UserPartitionTest, PartitionOfIsTheKeysTopByte) {
  EXPECT_EQ(PartitionOf(0), 0U);
  EXPECT_EQ(PartitionOf(0x00FFFFFFFFFFFFFF), 0U);
  EXPECT_EQ(PartitionOf(0x0100000000000000), 1U);
  EXPECT_EQ(PartitionOf(0xAB12345678901234), 0xABU);
  EXPECT_EQ(PartitionOf(0xFFFFFFFFFFFFFFFF), kUserPartitions - 1);
}

// The workers of a distributed run share the partitions out: each one
// partition's owner, in runs that follow each other in worker order.
TEST(UserPartitionTest, ShardsOwnEveryPartitionOnceInWorkerOrder) {
  for (int workers : {1, 2, 3, 7, 256, 300}) {
    std::size_t next = 0;
    for (int worker_idx = 0; worker_idx < workers; ++worker_idx) {
      UserShard shard{.index = worker_idx, .count = workers};
      EXPECT_EQ(shard.first_partition(), next) << workers << " workers, worker " << worker_idx;
      for (std::size_t partition = 0; partition < kUserPartitions; ++partition) {
        EXPECT_EQ(shard.Owns(partition),
                  partition >= shard.first_partition() && partition < shard.end_partition());
      }
      next = shard.end_partition();
    }
    EXPECT_EQ(next, kUserPartitions) << workers << " workers";
  }
  EXPECT_TRUE(UserShard{}.Owns(0));
  EXPECT_TRUE(UserShard{}.Owns(kUserPartitions - 1));
}

}  // namespace
}  // namespace churn::features

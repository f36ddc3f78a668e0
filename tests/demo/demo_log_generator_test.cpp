#include "demo/demo_log_generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "errors/error.h"
#include "events/event_time.h"
#include "events/line_reader.h"
#include "log_stats.h"
#include "testing/temp_dir.h"

namespace churn::demo {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::ElementsAre;
using testing::LogStats;

constexpr std::int64_t kDay = events::kSecondsPerDay;

DemoConfig SmallDemo() {
  DemoConfig config;
  config.users = 5000;
  config.months = 4;
  config.start = events::YearMonth(2019, 10);
  config.seed = 7;
  config.threads = 2;
  return config;
}

// One generated demo shared by the tests of this file (per test process).
class GeneratedDemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = std::make_unique<TempDir>();
    report_ = std::make_unique<DemoReport>(GenerateDemoLogs(SmallDemo(), folder_->path()));
    stats_ = std::make_unique<LogStats>(testing::ReadDemoLogs(folder_->path()));
  }
  static void TearDownTestSuite() {
    stats_.reset();
    report_.reset();
    folder_.reset();
  }

  static std::unique_ptr<TempDir> folder_;
  static std::unique_ptr<DemoReport> report_;
  static std::unique_ptr<LogStats> stats_;
};

std::unique_ptr<TempDir> GeneratedDemoTest::folder_;
std::unique_ptr<DemoReport> GeneratedDemoTest::report_;
std::unique_ptr<LogStats> GeneratedDemoTest::stats_;

TEST_F(GeneratedDemoTest, WritesOneRees46FilePerMonth) {
  std::vector<std::string> names;
  for (const DemoMonthFile& file : report_->files) {
    names.push_back(file.path.filename().string());
  }
  EXPECT_THAT(names, ElementsAre("2019-Oct.csv", "2019-Nov.csv", "2019-Dec.csv", "2020-Jan.csv"));
  EXPECT_THAT(stats_->schema_errors, ::testing::IsEmpty());
  EXPECT_EQ(stats_->rows, report_->events);
  EXPECT_EQ(std::accumulate(report_->events_by_type.begin(), report_->events_by_type.end(), 0LL),
            report_->events);
}

TEST_F(GeneratedDemoTest, RowsAreInTimeOrderWithinTheirMonth) {
  EXPECT_EQ(stats_->out_of_order, 0);
  EXPECT_EQ(stats_->outside_month, 0);
}

TEST_F(GeneratedDemoTest, UnknownCategoryCodesAndBrandsAreEmptyAsInRealLogs) {
  auto share = [&](std::int64_t count) {
    return static_cast<double>(count) / static_cast<double>(stats_->rows);
  };
  EXPECT_GT(share(stats_->empty_category_codes), 0.1);
  EXPECT_LT(share(stats_->empty_category_codes), 0.6);
  EXPECT_GT(share(stats_->empty_brands), 0.05);
  EXPECT_LT(share(stats_->empty_brands), 0.4);
}

TEST_F(GeneratedDemoTest, FunnelNarrowsFromViewsToPurchases) {
  auto share = [&](events::EventType type) {
    return static_cast<double>(stats_->by_type[static_cast<std::size_t>(type)]) /
           static_cast<double>(stats_->rows);
  };
  EXPECT_GT(share(events::EventType::kView), 0.8);
  EXPECT_GT(share(events::EventType::kCart), 0.02);
  EXPECT_LT(share(events::EventType::kCart), 0.12);
  EXPECT_GT(share(events::EventType::kRemoveFromCart), 0.002);
  EXPECT_GT(share(events::EventType::kPurchase), 0.005);
  EXPECT_LT(share(events::EventType::kPurchase), share(events::EventType::kCart));
}

TEST_F(GeneratedDemoTest, EngagementIsHeavyTailedWithSessionsOfSeveralEvents) {
  std::vector<std::size_t> events_per_user;
  std::size_t sessions = 0;
  for (const auto& [user, activity] : stats_->users) {
    events_per_user.push_back(activity.times.size());
    sessions += activity.sessions.size();
  }
  std::sort(events_per_user.rbegin(), events_per_user.rend());
  std::size_t top_decile = events_per_user.size() / 10;
  double top_share =
      static_cast<double>(std::accumulate(
          events_per_user.begin(), events_per_user.begin() + static_cast<long>(top_decile), 0UL)) /
      static_cast<double>(stats_->rows);
  EXPECT_GT(top_share, 0.3) << "the top 10% of users should hold a large share of events";
  double mean_events =
      static_cast<double>(stats_->rows) / static_cast<double>(stats_->users.size());
  EXPECT_GT(mean_events, 10);
  EXPECT_LT(mean_events, 300);
  EXPECT_GT(static_cast<double>(stats_->rows) / static_cast<double>(sessions), 2.5);
}

TEST_F(GeneratedDemoTest, ProductPopularityIsZipfLike) {
  std::vector<std::int64_t> views;
  for (const auto& [product, count] : stats_->views_by_product) {
    views.push_back(count);
  }
  std::sort(views.rbegin(), views.rend());
  std::int64_t total = std::accumulate(views.begin(), views.end(), 0LL);
  std::size_t top_percent = std::max<std::size_t>(1, views.size() / 100);
  std::int64_t top =
      std::accumulate(views.begin(), views.begin() + static_cast<long>(top_percent), 0LL);
  EXPECT_GT(static_cast<double>(top) / static_cast<double>(total), 0.1);
  EXPECT_GT(views.size(), 1000U) << "a long tail of rarely viewed products";
}

TEST_F(GeneratedDemoTest, UsersJoinOverTime) {
  std::set<std::string> seen(stats_->users_by_month[0]);
  for (std::size_t month_idx = 1; month_idx < stats_->users_by_month.size(); ++month_idx) {
    std::size_t newcomers = 0;
    for (const std::string& user : stats_->users_by_month[month_idx]) {
      newcomers += seen.insert(user).second ? 1 : 0;
    }
    EXPECT_GT(newcomers, stats_->users_by_month[month_idx].size() / 10) << "month " << month_idx;
  }
}

TEST_F(GeneratedDemoTest, ChurnShareIsPlausibleAtEveryMonthlyCutoff) {
  events::YearMonth month(2019, 11);
  for (int cutoff_idx = 0; cutoff_idx < 3; ++cutoff_idx, month = month.Next()) {
    double churn = testing::ChurnShare(*stats_, month.FirstSecond(), month.EndSecond());
    EXPECT_GT(churn, 0.15) << month.ToIsoString();
    EXPECT_LT(churn, 0.5) << month.ToIsoString();
  }
}

// Users who leave fade out first: in the two weeks before the cutoff, those
// who will churn are less active, relative to their own earlier weeks, than
// those who stay. No single signal decides: some churners were busy until
// the end and some stayers were quiet.
TEST_F(GeneratedDemoTest, ChurnersFadeBeforeTheyGoButNotAllOfThem) {
  events::YearMonth label_month(2019, 12);
  std::int64_t cutoff = label_month.FirstSecond();
  std::vector<double> churner_ratios;
  std::vector<double> stayer_ratios;
  for (const auto& [user, activity] : stats_->users) {
    std::int64_t recent = 0;
    std::int64_t earlier = 0;
    bool returns = false;
    for (std::int64_t time : activity.times) {
      recent += (time >= cutoff - 14 * kDay && time < cutoff) ? 1 : 0;
      earlier += (time >= cutoff - 42 * kDay && time < cutoff - 14 * kDay) ? 1 : 0;
      returns = returns || (time >= cutoff && time < label_month.EndSecond());
    }
    if (earlier < 5) {
      continue;  // the trend of a barely active user says little
    }
    double ratio = static_cast<double>(recent) / static_cast<double>(earlier);
    (returns ? stayer_ratios : churner_ratios).push_back(ratio);
  }
  ASSERT_GT(churner_ratios.size(), 30U);
  ASSERT_GT(stayer_ratios.size(), 30U);
  auto mean = [](const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  };
  EXPECT_LT(mean(churner_ratios), 0.7 * mean(stayer_ratios));
  auto busy = std::count_if(churner_ratios.begin(), churner_ratios.end(),
                            [](double ratio) { return ratio >= 0.5; });
  EXPECT_GT(busy, 0) << "some churners leave abruptly, at full activity";
}

TEST(DemoLogGeneratorTest, SameSeedSameBytesWhateverTheThreadCount) {
  DemoConfig config = SmallDemo();
  config.users = 800;
  config.months = 2;
  config.threads = 1;
  TempDir one_thread;
  GenerateDemoLogs(config, one_thread.path());
  for (int threads : {2, 3}) {  // 3 splits the shoppers unevenly
    config.threads = threads;
    TempDir folder;
    GenerateDemoLogs(config, folder.path());
    for (const char* name : {"2019-Oct.csv", "2019-Nov.csv"}) {
      std::string expected = ReadTextFile(one_thread / name);
      EXPECT_GT(expected.size(), 1000U);
      EXPECT_EQ(ReadTextFile(folder / name), expected) << name << " with " << threads << " threads";
    }
  }
}

TEST(DemoLogGeneratorTest, ReplacesEveryMonthlyLogOfAnEarlierDemoAndNothingElse) {
  TempDir folder;
  churn::testing::WriteTextFile(folder / "README.md", "not a log");
  DemoConfig config = SmallDemo();
  config.users = 100;
  config.months = 3;
  GenerateDemoLogs(config, folder.path());
  config.months = 1;
  config.compression = events::Compression::kGzip;
  DemoReport report = GenerateDemoLogs(config, folder.path());
  EXPECT_EQ(report.replaced_files.size(), 3U);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_THAT(names, ElementsAre("2019-Oct.csv.gz", "README.md")) << "no mix, no staging left";
  EXPECT_EQ(report.files[0].path, folder / "2019-Oct.csv.gz");
}

TEST(DemoLogGeneratorTest, AnotherSeedGivesOtherLogs) {
  TempDir first;
  TempDir second;
  DemoConfig config = SmallDemo();
  config.users = 300;
  config.months = 1;
  GenerateDemoLogs(config, first.path());
  config.seed += 1;
  GenerateDemoLogs(config, second.path());
  EXPECT_NE(ReadTextFile(first / "2019-Oct.csv"), ReadTextFile(second / "2019-Oct.csv"));
}

TEST(DemoLogGeneratorTest, CompressedOutputReadsBackAsThePlainText) {
  TempDir plain;
  TempDir zstd;
  DemoConfig config = SmallDemo();
  config.users = 300;
  config.months = 1;
  GenerateDemoLogs(config, plain.path());
  config.compression = events::Compression::kZstd;
  DemoReport report = GenerateDemoLogs(config, zstd.path());
  ASSERT_EQ(report.files.size(), 1U);
  EXPECT_EQ(report.files[0].path.filename(), "2019-Oct.csv.zst");
  events::LineReader reader(report.files[0].path);
  std::string text;
  std::string_view line;
  while (reader.Next(&line)) {
    text.append(line).push_back('\n');
  }
  EXPECT_EQ(text, ReadTextFile(plain / "2019-Oct.csv"));
}

TEST(DemoLogGeneratorTest, StartMonthAndMonthCountNameTheFiles) {
  TempDir folder;
  DemoConfig config = SmallDemo();
  config.users = 50;
  config.months = 2;
  config.start = events::YearMonth(2020, 12);
  DemoReport report = GenerateDemoLogs(config, folder.path());
  ASSERT_EQ(report.files.size(), 2U);
  EXPECT_EQ(report.files[0].path.filename(), "2020-Dec.csv");
  EXPECT_EQ(report.files[1].path.filename(), "2021-Jan.csv");
}

TEST(DemoLogGeneratorTest, InvalidConfigIsRejectedBeforeWriting) {
  TempDir folder;
  DemoConfig config = SmallDemo();
  config.users = 0;
  EXPECT_THROW(GenerateDemoLogs(config, folder.path()), ConfigError);
  EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
}

}  // namespace
}  // namespace churn::demo

#include "progress/progress_reporter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "parallel/parallel_for.h"

namespace churn::progress {
namespace {

struct Seen {
  std::string task;
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::string unit;
};

Reporter Recording(std::vector<Seen>& seen) {
  return Reporter([&seen](const Step& step) {
    seen.push_back({std::string(step.task), step.done, step.total, std::string(step.unit)});
  });
}

TEST(ProgressReporterTest, ADefaultReporterGoesNowhere) {
  Reporter nowhere;
  EXPECT_FALSE(nowhere.active());
  nowhere.Report("boosting", 1, 10, "rounds");  // nothing to call, nothing to fail
  EXPECT_FALSE(nowhere.Within("xgboost").active());
}

TEST(ProgressReporterTest, AStepReachesTheSinkAsReported) {
  std::vector<Seen> seen;
  Reporter reporter = Recording(seen);
  EXPECT_TRUE(reporter.active());
  reporter.Report("boosting", 3, 400, "rounds");
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].task, "boosting");
  EXPECT_EQ(seen[0].done, 3);
  EXPECT_EQ(seen[0].total, 400);
  EXPECT_EQ(seen[0].unit, "rounds");
}

TEST(ProgressReporterTest, WithinNamesThePartOfTheWorkBeforeTheTask) {
  std::vector<Seen> seen;
  Reporter reporter = Recording(seen);
  Reporter fold = reporter.Within("cutoff 2019-12-01 (1 of 2)");
  fold.Within("xgboost (candidate 1 of 3)").Report("boosting", 1, 400, "rounds");
  fold.Report("", 0, 0, "");
  reporter.Report("evaluating", 0, 0, "");
  ASSERT_EQ(seen.size(), 3U);
  EXPECT_EQ(seen[0].task, "cutoff 2019-12-01 (1 of 2): xgboost (candidate 1 of 3): boosting");
  EXPECT_EQ(seen[1].task, "cutoff 2019-12-01 (1 of 2)") << "an empty task is the part itself";
  EXPECT_EQ(seen[2].task, "evaluating") << "the parent keeps no context of its parts";
}

// Workers of a parallel loop report at once: the sink sees one step at a
// time, and every one of them.
TEST(ProgressReporterTest, ReportsFromManyThreadsReachTheSinkOneAtATime) {
  constexpr int kWorkers = 4;
  constexpr int kReportsEach = 500;
  std::vector<Seen> seen;  // not thread-safe itself: the reporter serialises
  Reporter reporter = Recording(seen);
  parallel::ParallelFor(kWorkers, [&](int worker_idx) {
    Reporter part = reporter.Within("worker " + std::to_string(worker_idx));
    for (int report_idx = 0; report_idx < kReportsEach; ++report_idx) {
      part.Report("step", report_idx + 1, kReportsEach, "steps");
    }
  });
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kWorkers * kReportsEach));
}

// Threads that add to one count see it reported rising, each total once,
// however their additions interleave.
TEST(ProgressReporterTest, ASharedCountIsReportedInTheOrderItRises) {
  constexpr int kWorkers = 4;
  constexpr int kAdditionsEach = 2000;
  std::vector<Seen> seen;
  SharedCount rows(Recording(seen), "rows", kWorkers * kAdditionsEach, "rows");
  parallel::ParallelFor(kWorkers, [&](int /*worker_idx*/) {
    for (int addition_idx = 0; addition_idx < kAdditionsEach; ++addition_idx) {
      rows.Add(1);
    }
  });
  ASSERT_EQ(seen.size(), static_cast<std::size_t>(kWorkers * kAdditionsEach));
  for (std::size_t step_idx = 0; step_idx < seen.size(); ++step_idx) {
    ASSERT_EQ(seen[step_idx].done, static_cast<std::int64_t>(step_idx + 1)) << "step " << step_idx;
    ASSERT_EQ(seen[step_idx].total, kWorkers * kAdditionsEach);
  }
}

}  // namespace
}  // namespace churn::progress

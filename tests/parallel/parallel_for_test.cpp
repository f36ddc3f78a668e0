#include "parallel/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace churn::parallel {
namespace {

TEST(ParallelForTest, RunsEveryWorkerOnce) {
  std::vector<int> runs(5, 0);
  ParallelFor(5, [&](int worker_idx) { ++runs[static_cast<std::size_t>(worker_idx)]; });
  EXPECT_EQ(runs, std::vector<int>(5, 1));
}

TEST(ParallelForTest, RethrowsTheFirstErrorAfterEveryWorkerFinished) {
  std::atomic<int> finished = 0;
  EXPECT_THROW(ParallelFor(4,
                           [&](int worker_idx) {
                             if (worker_idx == 2) {
                               throw std::runtime_error("worker 2 failed");
                             }
                             ++finished;
                           }),
               std::runtime_error);
  EXPECT_EQ(finished.load(), 3);
}

}  // namespace
}  // namespace churn::parallel

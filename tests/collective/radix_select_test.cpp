#include "collective/radix_select.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "errors/error.h"

namespace churn::collective {
namespace {

const WorkerGroup kAlone = WorkerGroup::Solo();

// Every rank of the values, against a sort.
TEST(RadixSelectTest, EveryRankIsTheSortedValue) {
  std::mt19937_64 engine(7);
  std::normal_distribution<double> spend(0.0, 1e4);
  std::vector<double> values(500);
  for (double& value : values) {
    value = spend(engine);
  }
  values[3] = values[4] = values[5];  // ties
  values[6] = 0.0;
  values[7] = -0.0;
  values[8] = std::numeric_limits<double>::infinity();
  values[9] = -std::numeric_limits<double>::denorm_min();
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t rank = 0; rank < sorted.size(); ++rank) {
    ASSERT_EQ(KthSmallest(values, static_cast<std::int64_t>(rank), kAlone), sorted[rank])
        << "rank " << rank;
  }
}

TEST(RadixSelectTest, KeysAreOrderedAsUnsignedNumbers) {
  std::vector<std::uint64_t> keys = {~std::uint64_t{0}, 5, 1ULL << 63U, 0, 5};
  EXPECT_EQ(KthSmallest(keys, 0, kAlone), 0U);
  EXPECT_EQ(KthSmallest(keys, 2, kAlone), 5U);
  EXPECT_EQ(KthSmallest(keys, 3, kAlone), 1ULL << 63U);
  EXPECT_EQ(KthSmallest(keys, 4, kAlone), ~std::uint64_t{0});
  EXPECT_EQ(TotalCount(keys, kAlone), 5);
}

TEST(RadixSelectTest, ARankOutsideTheValuesOrANanIsABug) {
  std::vector<double> values = {1.0, 2.0};
  EXPECT_THROW(KthSmallest(values, 2, kAlone), InternalError);
  EXPECT_THROW(KthSmallest(values, -1, kAlone), InternalError);
  EXPECT_THROW(KthSmallest(std::vector<double>{}, 0, kAlone), InternalError);
  values.push_back(std::nan(""));
  EXPECT_THROW(KthSmallest(values, 0, kAlone), InternalError);
}

}  // namespace
}  // namespace churn::collective

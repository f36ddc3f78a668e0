#include "dataset/validation_split.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "errors/error.h"

namespace churn::dataset {
namespace {

LabelledRows Rows(const std::vector<std::string>& cutoffs,
                  const std::vector<std::uint8_t>& churned) {
  LabelledRows rows;
  rows.features.names = {"clicks"};
  for (std::size_t row = 0; row < cutoffs.size(); ++row) {
    rows.user_ids.push_back("user" + std::to_string(row % 50));
    rows.cutoffs.push_back(cutoffs[row]);
    rows.churned.push_back(churned[row]);
    rows.features.values.push_back(static_cast<float>(row));
  }
  return rows;
}

TEST(ValidationSplitTest, TheLatestTrainingSnapshotValidates) {
  LabelledRows rows = Rows({"2019-11-01", "2019-12-01", "2019-11-01", "2019-12-01"}, {0, 1, 1, 0});
  ValidationSplit split = SplitForValidation(rows, 0.2, 7);
  EXPECT_EQ(split.method, "latest_snapshot");
  EXPECT_EQ(split.validation_cutoff, "2019-12-01");
  EXPECT_EQ(split.fit_rows, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(split.validation_rows, (std::vector<std::size_t>{1, 3}));
}

TEST(ValidationSplitTest, OneSnapshotHoldsOutASeededStratifiedShareOfUsers) {
  std::vector<std::string> cutoffs(50, "2019-11-01");
  std::vector<std::uint8_t> churned(50, 0);
  std::fill(churned.begin(), churned.begin() + 10, 1);
  LabelledRows rows = Rows(cutoffs, churned);
  ValidationSplit split = SplitForValidation(rows, 0.2, 7);
  EXPECT_EQ(split.method, "stratified_users");
  ASSERT_EQ(split.validation_rows.size(), 10U) << "a fifth of 40 stayers and of 10 churners";
  auto churners = std::count_if(split.validation_rows.begin(), split.validation_rows.end(),
                                [&](std::size_t row) { return rows.churned[row] == 1; });
  EXPECT_EQ(churners, 2);
  EXPECT_EQ(split.fit_rows.size() + split.validation_rows.size(), 50U);
  EXPECT_EQ(SplitForValidation(rows, 0.2, 7).validation_rows, split.validation_rows);
  EXPECT_NE(SplitForValidation(rows, 0.2, 8).validation_rows, split.validation_rows);
}

TEST(ValidationSplitTest, ASideWithoutChurnersIsAClearError) {
  LabelledRows rows = Rows({"2019-11-01", "2019-12-01", "2019-11-01", "2019-12-01"}, {0, 1, 0, 1});
  try {
    SplitForValidation(rows, 0.2, 7);
    FAIL() << "expected an error";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("the fitting rows (2, by latest_snapshot)"));
  }
}

}  // namespace
}  // namespace churn::dataset

#include "explain/shap_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::explain {
namespace {

dataset::LabelledRows Rows() {
  dataset::LabelledRows rows;
  rows.features.names = {"clicks", "days_since_last_visit"};
  rows.features.values = {5, 2, 7, 30, 1, 9, 8, 8};
  rows.user_ids = {"42", "1000", "7", "42"};
  rows.cutoffs = {"2020-01-01", "2020-01-01", "", "2020-01-01"};
  rows.churned = {0, 1, 0, 1};
  return rows;
}

constexpr std::string_view kDigest = "9e51c4d4b70ef809";
const std::vector<double> kProbabilities = {0.25, 0.75, 0.5, 0.9};
const std::vector<float> kShap = {0.1F, -0.2F, -1, 0.3F, 0.4F, -1, 0.5F, 0.6F, -1, 9, 9, 9};

TEST(ShapStoreTest, FindsEveryUserWithTheirValuesAndShap) {
  churn::testing::TempDir folder;
  WriteShapStore(folder / kShapStoreFileName, kDigest, Rows(), kProbabilities, kShap);
  ShapStore store = ShapStore::Open(folder / kShapStoreFileName, kDigest, Rows().features.names);
  ASSERT_EQ(store.size(), 3U) << "user 42 twice: the first row is kept";
  std::optional<std::size_t> index = store.Find("42");
  ASSERT_TRUE(index.has_value());
  StoredUser user = store.At(*index);
  EXPECT_EQ(user.user_id, "42");
  EXPECT_EQ(user.cutoff, "2020-01-01");
  EXPECT_EQ(user.probability, 0.25F);
  EXPECT_THAT(user.values, ::testing::ElementsAre(5, 2));
  EXPECT_THAT(user.shap, ::testing::ElementsAre(0.1F, -0.2F, -1));
  StoredUser seven = store.At(*store.Find("7"));
  EXPECT_EQ(seven.cutoff, "");
  EXPECT_THAT(seven.shap, ::testing::ElementsAre(0.5F, 0.6F, -1));
  EXPECT_FALSE(store.Find("8").has_value());
  EXPECT_FALSE(store.Find("").has_value());
  EXPECT_EQ(store.At(0).user_id, "1000") << "sorted by id as text";
}

TEST(ShapStoreTest, OtherFeaturesOrATruncatedFileAreClearErrors) {
  churn::testing::TempDir folder;
  std::filesystem::path path = folder / kShapStoreFileName;
  WriteShapStore(path, kDigest, Rows(), kProbabilities, kShap);
  EXPECT_THROW(ShapStore::Open(path, kDigest, {"clicks"}), InputError);
  EXPECT_THROW(ShapStore::Open(path, "0123456789abcdef", Rows().features.names), InputError)
      << "written for another model";
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 1);
  EXPECT_THROW(ShapStore::Open(path, kDigest, Rows().features.names), InputError);
  EXPECT_THROW(ShapStore::Open(folder / "missing.bin", kDigest, Rows().features.names), InputError);
}

}  // namespace
}  // namespace churn::explain

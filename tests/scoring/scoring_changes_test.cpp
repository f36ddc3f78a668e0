#include "scoring/scoring_changes.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scoring/scoring_files.h"
#include "testing/temp_dir.h"

namespace churn::scoring {
namespace {

using churn::testing::TempDir;
using ::testing::ElementsAre;

constexpr const char* kDigest = "model-1";

// A previous scoring's store: the users and their probabilities.
explain::ShapStore PreviousStore(const std::filesystem::path& path,
                                 const std::vector<std::string>& users,
                                 const std::vector<double>& probabilities) {
  dataset::LabelledRows rows;
  rows.features.names = {"a"};
  rows.features.values.assign(users.size(), 1.0F);
  rows.user_ids = users;
  rows.cutoffs.assign(users.size(), "2020-01-01");
  rows.churned.assign(users.size(), 0);
  std::vector<float> shap(users.size() * 2, 0.0F);
  explain::WriteShapStore(path, kDigest, rows, probabilities, shap);
  return explain::ShapStore::Open(path, kDigest, {"a"});
}

std::vector<std::string> Ids(const MoverList& list) {
  std::vector<std::string> ids;
  for (const Mover& mover : list.users) {
    ids.push_back(mover.user_id);
  }
  return ids;
}

class ScoringChangesTest : public ::testing::Test {
 protected:
  // Before (threshold 0.5): a high, b high, c low, d medium, e high.
  // Now (threshold 0.6):    a high, b low,  c high, f high (new), d rose but
  // stays below; e is gone (not in the cohort now).
  ScoringChanges Compare() {
    explain::ShapStore previous = PreviousStore(
        folder_.path() / "previous.bin", {"a", "b", "c", "d", "e"}, {0.9, 0.7, 0.1, 0.3, 0.8});
    return CompareScorings(previous, "2020-01-01", 0.5,
                           {.as_of = "2020-02-01",
                            .threshold = 0.6,
                            .user_ids = now_ids_,
                            .probabilities = now_probabilities_});
  }

  TempDir folder_;
  std::vector<std::string> now_ids_ = {"f", "a", "b", "c", "d"};
  std::vector<double> now_probabilities_ = {0.95, 0.92, 0.2, 0.65, 0.4};
};

TEST_F(ScoringChangesTest, NewlyHighAreHighNowAndNotBeforeEachByItsOwnThreshold) {
  ScoringChanges changes = Compare();
  EXPECT_EQ(changes.previous_as_of, "2020-01-01");
  EXPECT_EQ(changes.newly_high.count, 2U);
  EXPECT_THAT(Ids(changes.newly_high), ElementsAre("f", "c")) << "by probability now";
  EXPECT_TRUE(std::isnan(changes.newly_high.users[0].previous_probability)) << "f is new";
  EXPECT_NEAR(changes.newly_high.users[1].previous_probability, 0.1, 1e-6);
}

TEST_F(ScoringChangesTest, RisenAreScoredBothTimesLargestRiseFirst) {
  ScoringChanges changes = Compare();
  EXPECT_EQ(changes.risen.count, 3U);
  // c +0.55, d +0.1, a +0.02; b fell, f was not scored before.
  EXPECT_THAT(Ids(changes.risen), ElementsAre("c", "d", "a"));
}

TEST_F(ScoringChangesTest, LeftAreFlaggedBeforeAndNotNowOrGone) {
  ScoringChanges changes = Compare();
  EXPECT_EQ(changes.left.count, 2U);
  EXPECT_THAT(Ids(changes.left), ElementsAre("e", "b")) << "by the previous probability";
  EXPECT_TRUE(std::isnan(changes.left.users[0].probability)) << "e is not scored now";
  EXPECT_DOUBLE_EQ(changes.left.users[1].probability, 0.2);
  nlohmann::json json = ChangesJson(changes);
  EXPECT_EQ(json["left"]["users"][0]["why"], "not in the cohort now");
  EXPECT_TRUE(json["left"]["users"][0]["probability"].is_null());
  EXPECT_EQ(json["left"]["users"][1]["why"], "risk fell");
  EXPECT_EQ(json["left"]["users"][1]["previous_band"], "high");
  EXPECT_NEAR(json["risen"]["users"][0]["change"].get<double>(), 0.55, 1e-6);
  EXPECT_TRUE(json["newly_high"]["users"][0]["previous_band"].is_null());
}

TEST(ScoringChangesListTest, ListsNameTheFirstFiftyAndCountAll) {
  TempDir folder;
  std::vector<std::string> ids;
  std::vector<double> before;
  std::vector<double> now;
  for (int user = 0; user < 120; ++user) {
    ids.push_back(fmt::format("u{:03}", user));
    before.push_back(0.1);
    now.push_back(0.5);  // every one rose by the same: ties go by user id
  }
  explain::ShapStore previous = PreviousStore(folder.path() / "previous.bin", ids, before);
  ScoringChanges changes = CompareScorings(
      previous, "2020-01-01", 0.9,
      {.as_of = "2020-02-01", .threshold = 0.9, .user_ids = ids, .probabilities = now});
  EXPECT_EQ(changes.risen.count, 120U);
  ASSERT_EQ(changes.risen.users.size(), kMoversListed);
  EXPECT_EQ(changes.risen.users.front().user_id, "u000");
  EXPECT_EQ(changes.risen.users.back().user_id, "u049");
  EXPECT_EQ(changes.newly_high.count, 0U);
  EXPECT_EQ(changes.left.count, 0U);
}

}  // namespace
}  // namespace churn::scoring

#include "metrics/campaign_gains.h"

#include <gtest/gtest.h>

#include <vector>

#include "errors/error.h"

namespace churn::metrics {
namespace {

// Ten users scored 1.0, 0.9, ..., 0.1; four churn, two of them at the top.
struct TenUsers {
  std::vector<double> scores = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
  std::vector<std::uint8_t> labels = {1, 1, 0, 0, 1, 0, 0, 0, 1, 0};
};

TEST(CampaignGainsTest, LiftOfTheTopFraction) {
  TenUsers users;
  // The top 2 are both churners; the overall rate is 0.4.
  EXPECT_DOUBLE_EQ(TopFractionLift(users.scores, users.labels, 0.2), 1.0 / 0.4);
  // The top 5 hold 3 churners.
  EXPECT_DOUBLE_EQ(TopFractionLift(users.scores, users.labels, 0.5), 0.6 / 0.4);
  EXPECT_DOUBLE_EQ(TopFractionLift(users.scores, users.labels, 1.0), 1.0);
}

TEST(CampaignGainsTest, ContactsAtLeastOneAndRoundsUp) {
  TenUsers users;
  EXPECT_DOUBLE_EQ(TopFractionLift(users.scores, users.labels, 0.01), 1.0 / 0.4)
      << "one user, a churner";
  // 0.25 of 10 is 2.5 users: 3 are contacted, 2 of them churners.
  EXPECT_DOUBLE_EQ(TopFractionLift(users.scores, users.labels, 0.25), (2.0 / 3.0) / 0.4);
}

TEST(CampaignGainsTest, RoundingErrorDoesNotContactAnExtraUser) {
  // 0.07 * 100 is 7.000000000000001 in doubles; 7 users, not 8, are contacted.
  std::vector<double> scores(100);
  std::vector<std::uint8_t> labels(100, 0);
  for (std::size_t user_idx = 0; user_idx < scores.size(); ++user_idx) {
    scores[user_idx] = 1.0 - static_cast<double>(user_idx) / 100;
  }
  labels[7] = 1;  // the eighth riskiest
  labels[99] = 1;
  EXPECT_DOUBLE_EQ(TopFractionLift(scores, labels, 0.07), 0.0);
}

TEST(CampaignGainsTest, TiesAreBrokenByPosition) {
  std::vector<double> scores(10, 0.5);
  std::vector<std::uint8_t> first_churns = {1, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  std::vector<std::uint8_t> last_churns = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(TopFractionLift(scores, first_churns, 0.1), 5.0);
  EXPECT_DOUBLE_EQ(TopFractionLift(scores, last_churns, 0.1), 0.0);
}

TEST(CampaignGainsTest, GainsCurveFromTheRiskiestDown) {
  TenUsers users;
  std::vector<GainsPoint> curve = GainsCurve(users.scores, users.labels, 5);
  ASSERT_EQ(curve.size(), 5U);
  std::vector<double> found = {0.5, 0.5, 0.75, 0.75, 1.0};
  for (std::size_t point_idx = 0; point_idx < curve.size(); ++point_idx) {
    double share = static_cast<double>(point_idx + 1) / 5;
    EXPECT_DOUBLE_EQ(curve[point_idx].contacted_share, share);
    EXPECT_DOUBLE_EQ(curve[point_idx].churners_found, found[point_idx]);
    EXPECT_DOUBLE_EQ(curve[point_idx].lift, found[point_idx] / share);
  }
}

TEST(CampaignGainsTest, SharesOfTheSameUsersAreGivenOnce) {
  std::vector<double> scores = {0.9, 0.5, 0.1};
  std::vector<std::uint8_t> labels = {0, 1, 0};
  // Shares 0.2 .. 1.0 of 3 users reach 1, 2, 2, 3 and 3 users.
  std::vector<GainsPoint> curve = GainsCurve(scores, labels, 5);
  ASSERT_EQ(curve.size(), 3U);
  EXPECT_DOUBLE_EQ(curve[0].contacted_share, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(curve[0].churners_found, 0.0);
  EXPECT_DOUBLE_EQ(curve[1].contacted_share, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(curve[1].lift, 1.5);
  EXPECT_DOUBLE_EQ(curve[2].contacted_share, 1.0);
  EXPECT_DOUBLE_EQ(curve[2].lift, 1.0);
}

TEST(CampaignGainsTest, BadInputThrows) {
  TenUsers users;
  std::vector<std::uint8_t> stayers(10, 0);
  EXPECT_THROW(TopFractionLift(users.scores, stayers), InputError);
  EXPECT_THROW(GainsCurve(users.scores, stayers), InputError);
  EXPECT_THROW(TopFractionLift(users.scores, users.labels, 0.0), InternalError);
  EXPECT_THROW(TopFractionLift(users.scores, users.labels, 1.5), InternalError);
  EXPECT_THROW(GainsCurve(users.scores, users.labels, 0), InternalError);
}

}  // namespace
}  // namespace churn::metrics

#include "model/blend_classifier.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "errors/error.h"
#include "model/blend_test_models.h"
#include "model/tree_ensemble.h"

namespace churn::model {
namespace {

using testing::BlendOf;
using testing::BlendParts;
using testing::FitBlendParts;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr std::uint64_t kBlendSeed = 11;
constexpr int kBlendThreads = 2;

TEST(BlendClassifierTest, ScoresTheWeightedSumOfItsMembersMargins) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  const dataset::FeatureMatrix& rows = parts.rows.features;
  std::vector<double> trees = parts.trees->PredictMargin(rows, kBlendThreads);
  std::vector<double> logistic = parts.logistic->PredictMargin(rows, kBlendThreads);
  std::unique_ptr<Classifier> blend = BlendOf(parts, 0.3, 0.7);
  EXPECT_EQ(blend->Kind(), ModelKind::kBlend);
  EXPECT_EQ(blend->Trees(), nullptr);
  EXPECT_EQ(blend->Linear(), nullptr);
  ASSERT_EQ(blend->Members().size(), 2U);
  EXPECT_EQ(blend->Members()[0].classifier->Kind(), ModelKind::kXgboost);
  EXPECT_EQ(blend->Members()[1].classifier->Kind(), ModelKind::kLogreg);
  std::vector<double> margins = blend->PredictMargin(rows, kBlendThreads);
  ASSERT_EQ(margins.size(), rows.rows());
  for (std::size_t row_idx = 0; row_idx < rows.rows(); ++row_idx) {
    ASSERT_NEAR(margins[row_idx], 0.3 * trees[row_idx] + 0.7 * logistic[row_idx], 1e-12)
        << "row " << row_idx;
  }
  // Not just one member's margins: the two differ, and so does the blend.
  EXPECT_GT(std::abs(margins[0] - trees[0]), 1e-6);
  EXPECT_GT(std::abs(margins[0] - logistic[0]), 1e-6);
  EXPECT_EQ(blend->PredictMargin(rows, 1), margins) << "threads do not change the margins";
}

TEST(BlendClassifierTest, NormalisesItsWeightsToSumOne) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  const dataset::FeatureMatrix& rows = parts.rows.features;
  std::vector<double> trees = parts.trees->PredictMargin(rows, kBlendThreads);
  std::vector<double> logistic = parts.logistic->PredictMargin(rows, kBlendThreads);
  std::unique_ptr<Classifier> blend = BlendOf(parts, 1.0, 3.0);
  EXPECT_EQ(blend->Members()[0].weight, 0.25);
  EXPECT_EQ(blend->Members()[1].weight, 0.75);
  EXPECT_NEAR(blend->PredictMargin(rows, kBlendThreads)[3], 0.25 * trees[3] + 0.75 * logistic[3],
              1e-12);
}

TEST(BlendClassifierTest, KeepsWeightsThatAlreadySumToOne) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  double third = 1.0 / 3.0;
  std::unique_ptr<Classifier> blend = BlendOf(parts, third, 1.0 - third);
  EXPECT_EQ(blend->Members()[0].weight, third);
  EXPECT_EQ(blend->Members()[1].weight, 1.0 - third);
}

TEST(BlendClassifierTest, ImportancesAreTheWeightedSumOfTheMembers) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  std::vector<FeatureImportance> trees = parts.trees->Importances();
  std::vector<FeatureImportance> logistic = parts.logistic->Importances();
  std::vector<FeatureImportance> blended = BlendOf(parts, 0.4, 0.6)->Importances();
  ASSERT_EQ(blended.size(), testing::kSyntheticFeatures.size());
  for (std::size_t column_idx = 0; column_idx < blended.size(); ++column_idx) {
    EXPECT_EQ(blended[column_idx].feature, testing::kSyntheticFeatures[column_idx]);
    EXPECT_NEAR(blended[column_idx].gain,
                0.4 * trees[column_idx].gain + 0.6 * logistic[column_idx].gain, 1e-12);
    // The logistic model has no split counts or cover: only the trees' share.
    EXPECT_NEAR(blended[column_idx].weight, 0.4 * trees[column_idx].weight, 1e-12);
    EXPECT_NEAR(blended[column_idx].cover, 0.4 * trees[column_idx].cover, 1e-12);
  }
  std::size_t days = testing::kDaysColumn;
  EXPECT_GT(trees[days].gain, 0);
  EXPECT_GT(logistic[days].gain, 0);
  EXPECT_GT(blended[days].weight, 0);
}

TEST(BlendClassifierTest, SavesItsMembersOwnJsonWithTheirTypesAndWeights) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  nlohmann::json trees = nlohmann::json::parse(parts.trees->ToJson());
  nlohmann::json logistic = nlohmann::json::parse(parts.logistic->ToJson());
  nlohmann::json saved = nlohmann::json::parse(BlendOf(parts, 0.5, 0.5)->ToJson());
  const nlohmann::json& members = saved.at("blend").at("members");
  ASSERT_EQ(members.size(), 2U);
  EXPECT_EQ(members[0].at("model_type"), "xgboost");
  EXPECT_EQ(members[0].at("weight"), 0.5);
  EXPECT_EQ(members[0].at("model"), trees) << "XGBoost's JSON as an object, not a string";
  EXPECT_EQ(members[1].at("model_type"), "logreg");
  EXPECT_EQ(members[1].at("weight"), 0.5);
  EXPECT_EQ(members[1].at("model"), logistic);
}

TEST(BlendClassifierTest, ReadsTheMembersOfASavedBlend) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  std::string logistic = nlohmann::json::parse(parts.logistic->ToJson()).dump();
  std::vector<SavedBlendMember> saved = ReadBlendJson(BlendOf(parts, 0.25, 0.75)->ToJson());
  ASSERT_EQ(saved.size(), 2U);
  EXPECT_EQ(saved[0].kind, ModelKind::kXgboost);
  EXPECT_EQ(saved[0].weight, 0.25);
  EXPECT_THAT(saved[0].json, HasSubstr("\"learner\""));
  EXPECT_EQ(saved[1].kind, ModelKind::kLogreg);
  EXPECT_EQ(saved[1].weight, 0.75);
  EXPECT_EQ(saved[1].json, logistic);
}

std::vector<BlendMember> TwoMembers(BlendParts& parts, double trees_weight,
                                    double logistic_weight) {
  std::vector<BlendMember> members;
  members.push_back({.classifier = std::move(parts.trees), .weight = trees_weight});
  members.push_back({.classifier = std::move(parts.logistic), .weight = logistic_weight});
  return members;
}

TEST(BlendClassifierTest, RefusesFewerThanTwoMembers) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  std::vector<BlendMember> one;
  one.push_back({.classifier = std::move(parts.trees), .weight = 1.0});
  EXPECT_THAT([&] { MakeBlend(std::move(one)); },
              ThrowsMessage<InternalError>(HasSubstr("a blend needs at least 2 members, not 1")));
  EXPECT_THAT([&] { MakeBlend({}); }, ThrowsMessage<InternalError>(HasSubstr("not 0")));
}

TEST(BlendClassifierTest, RefusesABlendAmongItsMembers) {
  BlendParts inner = FitBlendParts(kBlendSeed);
  BlendParts outer = FitBlendParts(kBlendSeed + 10);
  std::vector<BlendMember> members;
  members.push_back({.classifier = BlendOf(inner, 0.5, 0.5), .weight = 0.5});
  members.push_back({.classifier = std::move(outer.trees), .weight = 0.5});
  EXPECT_THAT([&] { MakeBlend(std::move(members)); },
              ThrowsMessage<InternalError>(HasSubstr("member 1 is itself a blend")));
}

TEST(BlendClassifierTest, RefusesAWeightThatIsNotAPositiveNumber) {
  for (double weight : {0.0, -0.5, std::numeric_limits<double>::quiet_NaN(),
                        std::numeric_limits<double>::infinity()}) {
    BlendParts parts = FitBlendParts(kBlendSeed);
    EXPECT_THAT([&] { MakeBlend(TwoMembers(parts, 0.5, weight)); },
                ThrowsMessage<InternalError>(HasSubstr("member 2 (logreg) has weight " +
                                                       fmt::format("{}", weight) +
                                                       ", expected a finite number above 0")));
  }
}

TEST(BlendClassifierTest, RefusesAMissingMemberOrMembersOfOtherFeatures) {
  BlendParts parts = FitBlendParts(kBlendSeed);
  std::vector<BlendMember> members = TwoMembers(parts, 0.5, 0.5);
  members[0].classifier.reset();
  EXPECT_THAT([&] { MakeBlend(std::move(members)); },
              ThrowsMessage<InternalError>(HasSubstr("member 1 has no model")));

  BlendParts others = FitBlendParts(kBlendSeed);
  dataset::LabelledRows renamed = testing::SyntheticChurnRows(500, kBlendSeed);
  renamed.features.names[0] = "days_since_last_purchase";
  std::vector<BlendMember> mixed;
  mixed.push_back({.classifier = std::move(others.trees), .weight = 0.5});
  mixed.push_back({.classifier = FitLogisticRegression(LogisticParams{}, renamed), .weight = 0.5});
  EXPECT_THAT([&] { MakeBlend(std::move(mixed)); },
              ThrowsMessage<InternalError>(
                  HasSubstr("member 2 (logreg) scores other features than member 1 (xgboost)")));
}

// A saved blend of two logistic models (small enough to write out here),
// with one thing changed by `edit`.
std::string EditedBlendJson(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json logistic = {{"kind", "logreg"}, {"features", {"a"}},     {"mean", {0.0}},
                             {"scale", {1.0}},   {"coefficients", {2.0}}, {"intercept", -1.0}};
  nlohmann::json blend = {{"blend",
                           {{"members",
                             {{{"model_type", "logreg"}, {"weight", 0.5}, {"model", logistic}},
                              {{"model_type", "logreg"}, {"weight", 0.5}, {"model", logistic}}}}}}};
  edit(blend);
  return blend.dump();
}

TEST(BlendClassifierTest, ReadingAMalformedBlendIsAnInputErrorNamingWhatIsWrong) {
  auto expect_refused = [](const std::string& json, const std::string& message) {
    EXPECT_THAT([&] { ReadBlendJson(json); }, ThrowsMessage<InputError>(HasSubstr(message)))
        << json;
  };
  EXPECT_EQ(ReadBlendJson(EditedBlendJson([](nlohmann::json&) {})).size(), 2U);
  expect_refused("{\"blend\": ", "blend model JSON: not valid JSON");
  expect_refused("[1, 2]", "expected {\"blend\": {\"members\": [...]}}");
  expect_refused(EditedBlendJson([](nlohmann::json& blend) { blend["blend"].erase("members"); }),
                 "expected {\"blend\": {\"members\": [...]}}");
  expect_refused(EditedBlendJson([](nlohmann::json& blend) { blend["blend"]["members"].erase(1); }),
                 "'members' holds 1 models, a blend needs 2 or more");
  expect_refused(
      EditedBlendJson([](nlohmann::json& blend) { blend["blend"]["members"][1] = "logreg"; }),
      "member 2 is not a JSON object");
  expect_refused(EditedBlendJson([](nlohmann::json& blend) {
                   blend["blend"]["members"][0]["model_type"] = "lightgbm";
                 }),
                 "member 1: 'model_type' is 'lightgbm', expected one of a blend's members "
                 "(xgboost, xgboost_leafwise, logreg)");
  expect_refused(EditedBlendJson([](nlohmann::json& blend) {
                   blend["blend"]["members"][1]["model_type"] = "blend";
                 }),
                 "member 2: 'model_type' is 'blend'");
  expect_refused(EditedBlendJson([](nlohmann::json& blend) {
                   blend["blend"]["members"][1].erase("model_type");
                 }),
                 "member 2: 'model_type' must be a model's name");
  expect_refused(
      EditedBlendJson([](nlohmann::json& blend) { blend["blend"]["members"][0]["weight"] = 0; }),
      "member 1: 'weight' must be a finite number above 0");
  expect_refused(EditedBlendJson(
                     [](nlohmann::json& blend) { blend["blend"]["members"][0]["weight"] = "0.5"; }),
                 "member 1: 'weight' must be a finite number above 0");
  expect_refused(
      EditedBlendJson([](nlohmann::json& blend) { blend["blend"]["members"][1]["model"] = "{}"; }),
      "member 2: 'model' must be the member's model, a JSON object");
}

}  // namespace
}  // namespace churn::model

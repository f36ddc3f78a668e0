#include "report/value_baseline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "value/bgnbd_model.h"
#include "value/customer_value.h"

namespace churn::report {
namespace {

using ::testing::HasSubstr;

value::ValueModel ModelAt(std::string cutoff, double alpha) {
  value::ValueModel model;
  model.cutoff = std::move(cutoff);
  model.bgnbd.parameters = {.r = 0.5, .alpha = alpha, .a = 0.8, .b = 2.5};
  model.gamma_gamma.parameters = {.p = 6, .q = 4, .v = 15};
  return model;
}

// Three rows: a repeat buyer and a visitor at one cutoff, a buyer at another.
dataset::LabelledRows PurchaseRows() {
  dataset::LabelledRows rows;
  rows.features.names = {"days_since_last_visit", "repeat_purchase_days", "purchase_span_days",
                         "days_since_first_purchase", "repeat_purchase_value"};
  rows.features.values = {3, 4, 50, 60, 20.5F,  //
                          9, 0, 0,  0,  0,      //
                          2, 1, 10, 40, 30};
  rows.user_ids = {"1", "2", "3"};
  rows.cutoffs = {"2020-01-01", "2020-01-01", "2020-02-01"};
  rows.churned = {0, 1, 0};
  return rows;
}

TEST(ValueBaselineTest, ReadsThePurchaseHistoryFromItsColumns) {
  std::vector<features::PurchaseHistory> histories = PurchaseHistoriesOf(PurchaseRows().features);
  ASSERT_EQ(histories.size(), 3U);
  EXPECT_EQ(histories[0].frequency, 4);
  EXPECT_EQ(histories[0].recency, 50);
  EXPECT_EQ(histories[0].age, 60);
  EXPECT_FLOAT_EQ(static_cast<float>(histories[0].monetary), 20.5F);
  EXPECT_FALSE(histories[1].IsCustomer());

  dataset::FeatureMatrix without;
  without.names = {"days_since_last_visit"};
  without.values = {1};
  try {
    PurchaseHistoriesOf(without);
    FAIL() << "a missing purchase column must throw";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("no 'repeat_purchase_days' column"));
  }
}

TEST(ValueBaselineTest, ScoresOneLessPAliveUnderEachRowsOwnCutoffsModel) {
  dataset::FeatureColumns columns;
  columns.value_models = {ModelAt("2020-01-01", 10), ModelAt("2020-02-01", 30)};
  dataset::LabelledRows rows = PurchaseRows();
  std::optional<std::vector<double>> scores = BgNbdScores(rows, columns);
  ASSERT_TRUE(scores);
  std::vector<features::PurchaseHistory> histories = PurchaseHistoriesOf(rows.features);
  EXPECT_DOUBLE_EQ((*scores)[0], 1 - value::ProbabilityAlive(
                                         columns.value_models[0].bgnbd.parameters, histories[0]));
  EXPECT_EQ((*scores)[1], 1.0) << "a user who never bought is the least attached";
  EXPECT_DOUBLE_EQ((*scores)[2], 1 - value::ProbabilityAlive(
                                         columns.value_models[1].bgnbd.parameters, histories[2]));
  EXPECT_NE((*scores)[2],
            1 - value::ProbabilityAlive(columns.value_models[0].bgnbd.parameters, histories[2]))
      << "the row's own cutoff's model";

  std::optional<std::vector<double>> values = RetainedValues(rows, columns, 1);
  ASSERT_TRUE(values);
  value::CustomerValue first =
      value::ValueCustomer(columns.value_models[0].Parameters(), histories[0],
                           columns.value_models[0].horizon);
  EXPECT_NEAR((*values)[0], first.expected_value / first.p_alive, 1e-9 * (*values)[0])
      << "the value of a customer who stays";
  EXPECT_GT((*values)[0], first.expected_value);
  EXPECT_EQ((*values)[1], 0) << "no customer, no value";
}

TEST(ValueBaselineTest, ACutoffWithoutAValueModelGivesNoBaseline) {
  dataset::FeatureColumns columns;
  columns.value_models = {ModelAt("2020-01-01", 10)};
  EXPECT_FALSE(BgNbdScores(PurchaseRows(), columns));
  EXPECT_FALSE(RetainedValues(PurchaseRows(), columns, 1));
}

}  // namespace
}  // namespace churn::report

#include "report/value_baseline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "value/bgnbd_model.h"
#include "value/customer_value.h"

namespace churn::report {
namespace {

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
  rows.features.names = {"days_since_last_visit"};
  rows.features.values = {3, 9, 2};
  rows.purchases = {{.frequency = 4, .recency = 50, .age = 60, .monetary = 20.5},
                    {},
                    {.frequency = 1, .recency = 10, .age = 40, .monetary = 30}};
  rows.user_ids = {"1", "2", "3"};
  rows.cutoffs = {"2020-01-01", "2020-01-01", "2020-02-01"};
  rows.churned = {0, 1, 0};
  return rows;
}

TEST(ValueBaselineTest, ScoresOneLessPAliveUnderEachRowsOwnCutoffsModel) {
  dataset::FeatureColumns columns;
  columns.value_models = {ModelAt("2020-01-01", 10), ModelAt("2020-02-01", 30)};
  dataset::LabelledRows rows = PurchaseRows();
  std::optional<std::vector<double>> scores = BgNbdScores(rows, columns);
  ASSERT_TRUE(scores);
  const std::vector<features::PurchaseHistory>& histories = rows.purchases;
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
  value::CustomerValue first = value::ValueCustomer(columns.value_models[0].Parameters(),
                                                    histories[0], columns.value_models[0].horizon);
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

TEST(ValueBaselineTest, TablesWithoutThePurchaseColumnsHaveNoBaseline) {
  dataset::FeatureColumns columns;
  columns.value_models = {ModelAt("2020-01-01", 10), ModelAt("2020-02-01", 30)};
  dataset::LabelledRows rows = PurchaseRows();
  EXPECT_TRUE(BgNbdScores(rows, columns));
  rows.purchases.clear();
  EXPECT_FALSE(BgNbdScores(rows, columns)) << "no baseline rather than a failed training";
}

}  // namespace
}  // namespace churn::report

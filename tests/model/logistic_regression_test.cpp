#include "model/logistic_regression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>

#include "errors/error.h"
#include "model/synthetic_churn_rows.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using testing::kConstantColumn;
using testing::kDaysColumn;
using testing::kSessionsColumn;
using testing::kSyntheticFeatures;
using testing::SyntheticChurnRows;

constexpr std::size_t kRows = 2000;
constexpr std::uint64_t kRowsSeed = 7;

// One binary feature: without a penalty the fit reproduces each group's
// churn rate exactly, which gives a solution worked out by hand.
dataset::LabelledRows HasAppRows() {
  dataset::LabelledRows rows;
  rows.features.names = {"has_app"};
  // Without the app 2 of 8 churn (log-odds log(1/3)); with it 6 of 8 (log(3)).
  std::vector<std::pair<float, std::uint8_t>> cells = {
      {0, 1}, {0, 0}, {0, 0}, {0, 1}, {0, 0}, {0, 0}, {0, 0}, {0, 0},
      {1, 1}, {1, 1}, {1, 0}, {1, 1}, {1, 1}, {1, 0}, {1, 1}, {1, 1}};
  for (const auto& [has_app, churned] : cells) {
    rows.features.values.push_back(has_app);
    rows.churned.push_back(churned);
    rows.user_ids.push_back("user" + std::to_string(rows.user_ids.size()));
    rows.cutoffs.emplace_back("2019-12-01");
  }
  return rows;
}

TEST(LogisticRegressionTest, WithoutPenaltyReproducesTheChurnRateOfEachGroup) {
  LogisticParams params;
  params.l2 = 0;
  std::unique_ptr<Classifier> model = FitLogisticRegression(params, HasAppRows());
  EXPECT_EQ(model->Kind(), ModelKind::kLogreg);
  dataset::FeatureMatrix both{{"has_app"}, {0.0F, 1.0F}};
  std::vector<double> margins = model->PredictMargin(both, 1);
  ASSERT_EQ(margins.size(), 2U);
  EXPECT_NEAR(margins[0], std::log(1.0 / 3.0), 1e-9);
  EXPECT_NEAR(margins[1], std::log(3.0), 1e-9);
}

// The gradient of the penalised loss, sum of log-losses + l2 / 2 * |beta|^2,
// at the saved model's parameters, computed here from the saved JSON alone.
std::vector<double> PenalisedGradient(const nlohmann::json& saved,
                                      const dataset::LabelledRows& rows, double l2) {
  auto mean = saved["mean"].get<std::vector<double>>();
  auto scale = saved["scale"].get<std::vector<double>>();
  auto coefficients = saved["coefficients"].get<std::vector<double>>();
  double intercept = saved["intercept"].get<double>();
  std::vector<double> gradient(coefficients.size() + 1, 0.0);  // intercept last
  for (std::size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    std::vector<double> standardised;
    double margin = intercept;
    for (std::size_t column_idx = 0; column_idx < coefficients.size(); ++column_idx) {
      standardised.push_back((rows.features.At(row_idx, column_idx) - mean[column_idx]) /
                             scale[column_idx]);
      margin += coefficients[column_idx] * standardised.back();
    }
    double residual = 1.0 / (1.0 + std::exp(-margin)) - rows.churned[row_idx];
    for (std::size_t column_idx = 0; column_idx < coefficients.size(); ++column_idx) {
      gradient[column_idx] += residual * standardised[column_idx];
    }
    gradient.back() += residual;
  }
  for (std::size_t column_idx = 0; column_idx < coefficients.size(); ++column_idx) {
    gradient[column_idx] += l2 * coefficients[column_idx];
  }
  return gradient;
}

TEST(LogisticRegressionTest, ThePenalisedLossIsFlatAtTheSolution) {
  LogisticParams params;
  params.l2 = 5.0;
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  nlohmann::json saved = nlohmann::json::parse(FitLogisticRegression(params, rows)->ToJson());
  for (double slope : PenalisedGradient(saved, rows, params.l2)) {
    EXPECT_NEAR(slope, 0.0, 1e-6);
  }
  // The signs of the generating model: churn rises with the days since the
  // last visit and falls with the sessions.
  auto coefficients = saved["coefficients"].get<std::vector<double>>();
  EXPECT_GT(coefficients[kDaysColumn], 1.0);
  EXPECT_LT(coefficients[kSessionsColumn], -0.5);
}

TEST(LogisticRegressionTest, AStrongerPenaltyShrinksTheCoefficients) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  auto days_coefficient = [&](double l2) {
    LogisticParams params;
    params.l2 = l2;
    nlohmann::json saved = nlohmann::json::parse(FitLogisticRegression(params, rows)->ToJson());
    return saved["coefficients"][kDaysColumn].get<double>();
  };
  EXPECT_GT(days_coefficient(1.0), days_coefficient(1000.0));
}

TEST(LogisticRegressionTest, AConstantFeatureGetsCoefficientZero) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  std::unique_ptr<Classifier> model = FitLogisticRegression(LogisticParams(), rows);
  nlohmann::json saved = nlohmann::json::parse(model->ToJson());
  EXPECT_EQ(saved["coefficients"][kConstantColumn].get<double>(), 0.0);
  EXPECT_EQ(saved["scale"][kConstantColumn].get<double>(), 1.0);
  EXPECT_EQ(saved["mean"][kConstantColumn].get<double>(), 1.0);
}

TEST(LogisticRegressionTest, ImportancesAreTheAbsoluteStandardisedCoefficients) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  std::unique_ptr<Classifier> model = FitLogisticRegression(LogisticParams(), rows);
  nlohmann::json saved = nlohmann::json::parse(model->ToJson());
  std::vector<FeatureImportance> importances = model->Importances();
  ASSERT_EQ(importances.size(), kSyntheticFeatures.size());
  for (std::size_t column_idx = 0; column_idx < importances.size(); ++column_idx) {
    EXPECT_EQ(importances[column_idx].feature, kSyntheticFeatures[column_idx]);
    EXPECT_EQ(importances[column_idx].gain,
              std::abs(saved["coefficients"][column_idx].get<double>()));
    EXPECT_EQ(importances[column_idx].weight, 0);
    EXPECT_EQ(importances[column_idx].cover, 0);
  }
  EXPECT_GT(importances[kSessionsColumn].gain, 0.5) << "a negative coefficient counts by size";
}

TEST(LogisticRegressionTest, SavedAndLoadedModelsGiveExactlyTheSameMargins) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  std::unique_ptr<Classifier> model = FitLogisticRegression(LogisticParams(), rows);
  std::unique_ptr<Classifier> loaded = LoadLogisticRegression(model->ToJson());
  EXPECT_EQ(loaded->PredictMargin(rows.features, 1), model->PredictMargin(rows.features, 1));
  EXPECT_EQ(loaded->ToJson(), model->ToJson());
  nlohmann::json saved = nlohmann::json::parse(model->ToJson());
  EXPECT_EQ(saved["kind"], "logreg");
  EXPECT_EQ(saved["features"].get<std::vector<std::string>>(), kSyntheticFeatures);
}

// The margins the loaded model gives are the saved JSON's formula,
// intercept + sum_j coefficients[j] * (x_j - mean[j]) / scale[j], computed
// here from the JSON alone; and the coefficients the model hands to its
// explainer are the saved ones.
TEST(LogisticRegressionTest, MarginsFromTheCoefficientsAreTheSavedModelsFormula) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  std::unique_ptr<Classifier> loaded =
      LoadLogisticRegression(FitLogisticRegression(LogisticParams(), rows)->ToJson());
  nlohmann::json saved = nlohmann::json::parse(loaded->ToJson());
  auto mean = saved["mean"].get<std::vector<double>>();
  auto scale = saved["scale"].get<std::vector<double>>();
  auto weights = saved["coefficients"].get<std::vector<double>>();
  auto intercept = saved["intercept"].get<double>();
  std::vector<double> margins = loaded->PredictMargin(rows.features, 4);
  ASSERT_EQ(margins.size(), kRows);
  for (std::size_t row_idx = 0; row_idx < kRows; ++row_idx) {
    std::span<const float> row = rows.features.Row(row_idx);
    double expected = intercept;
    for (std::size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
      expected += weights[column_idx] * (row[column_idx] - mean[column_idx]) / scale[column_idx];
    }
    ASSERT_EQ(margins[row_idx], expected) << "row " << row_idx;
  }
  const LogisticCoefficients* coefficients = loaded->Linear();
  ASSERT_NE(coefficients, nullptr);
  EXPECT_EQ(coefficients->features, kSyntheticFeatures);
  EXPECT_EQ(coefficients->mean, mean);
  EXPECT_EQ(coefficients->scale, scale);
  EXPECT_EQ(coefficients->weights, weights);
  EXPECT_EQ(coefficients->intercept, intercept);
  EXPECT_EQ(loaded->Trees(), nullptr);
}

TEST(LogisticRegressionTest, ScoringOtherColumnsNamesTheFirstDifference) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  std::unique_ptr<Classifier> model = FitLogisticRegression(LogisticParams(), rows);
  dataset::FeatureMatrix renamed = rows.features;
  renamed.names[1] = "sessions_7d";
  EXPECT_THAT([&] { model->PredictMargin(renamed, 1); },
              ::testing::ThrowsMessage<InputError>(
                  HasSubstr("column 2 is 'sessions_7d', expected 'sessions_30d'")));
}

TEST(LogisticRegressionTest, RejectsMissingValuesAndASingleClass) {
  dataset::LabelledRows rows = SyntheticChurnRows(kRows, kRowsSeed);
  dataset::LabelledRows with_nan = rows;
  with_nan.features.values[2 * kSyntheticFeatures.size() + 1] =
      std::numeric_limits<float>::quiet_NaN();
  EXPECT_THAT([&] { FitLogisticRegression(LogisticParams(), with_nan); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("row 3, column 'sessions_30d'")));
  std::fill(rows.churned.begin(), rows.churned.end(), 1);
  EXPECT_THAT([&] { FitLogisticRegression(LogisticParams(), rows); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("hold only churners")));
}

TEST(LogisticRegressionTest, LoadingRejectsMalformedJson) {
  auto load_error = [](const std::string& json) {
    try {
      LoadLogisticRegression(json);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(load_error("{not json"), HasSubstr("not valid JSON"));
  EXPECT_THAT(load_error(R"({"kind": "xgboost"})"), HasSubstr("'kind' must be \"logreg\""));
  EXPECT_THAT(load_error(R"({"kind": "logreg", "features": ["a"], "mean": [0], "scale": [1],
                             "coefficients": [1, 2], "intercept": 0})"),
              HasSubstr("'coefficients' must be an array of 1 numbers"));
  EXPECT_THAT(load_error(R"({"kind": "logreg", "features": ["a"], "mean": [0], "scale": [0],
                             "coefficients": [1], "intercept": 0})"),
              HasSubstr("every 'scale' must be above 0"));
  EXPECT_THAT(load_error(R"({"kind": "logreg", "features": ["a"], "mean": [0], "scale": [1],
                             "coefficients": [1]})"),
              HasSubstr("'intercept' must be a finite number"));
}

}  // namespace
}  // namespace churn::model

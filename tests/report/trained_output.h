#pragma once
// An output layout as `features` and `train` leave it, from synthetic rows
// (model/synthetic_churn_rows.h): processed_train.csv with two snapshots
// (2019-11-01, 2019-12-01), processed_test.csv with one (2020-01-01),
// feature_columns.json, and on request a logistic model bundle. For the
// tests of the training, explanation and scoring entry points.

#include <cstdint>
#include <string>

#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/output_layout.h"
#include "dataset/processed_table_writer.h"
#include "model/logistic_regression.h"
#include "model/model_bundle.h"
#include "model/synthetic_churn_rows.h"

namespace churn::report::testing {

inline constexpr std::size_t kRowsPerSnapshot = 400;
inline constexpr const char* kTestCutoff = "2020-01-01";

inline void AppendRows(dataset::ProcessedTableWriter& table, const std::string& cutoff,
                       std::uint64_t seed) {
  dataset::LabelledRows rows = model::testing::SyntheticChurnRows(kRowsPerSnapshot, seed);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    std::span<const float> values = rows.features.Row(row);
    table.Write(rows.user_ids[row], cutoff, std::vector<double>(values.begin(), values.end()), {},
                rows.churned[row] == 1);
  }
}

inline void WriteSyntheticTables(const dataset::OutputLayout& output) {
  const std::vector<std::string>& names = model::testing::kSyntheticFeatures;
  dataset::ProcessedTableWriter train(output.data_dir / dataset::kProcessedTrainFile, names);
  AppendRows(train, "2019-11-01", 1);
  AppendRows(train, "2019-12-01", 2);
  train.Commit();
  dataset::ProcessedTableWriter test(output.data_dir / dataset::kProcessedTestFile, names);
  AppendRows(test, kTestCutoff, 3);
  test.Commit();
  dataset::WriteFeatureColumns(
      output.models_dir / dataset::kFeatureColumnsFile,
      {.names = names, .high_value_spend = 100.0, .split = "out_of_time", .value_models = {}});
}

// A logistic model of the training table, saved as `train` saves its winner.
inline void SaveLogisticBundle(const dataset::OutputLayout& output) {
  model::ModelBundle bundle;
  bundle.classifier =
      model::FitLogisticRegression({}, model::testing::SyntheticChurnRows(kRowsPerSnapshot, 1));
  bundle.features = model::testing::kSyntheticFeatures;
  bundle.threshold = 0.3;
  model::SaveModelBundle(output.models_dir, bundle, nlohmann::json::object());
}

}  // namespace churn::report::testing

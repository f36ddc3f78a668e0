#pragma once
// The files the feature tables pipeline writes (feature_tables.h), named once
// for it and for every reader: `train`, `explain`, `predict` and `serve`.

namespace churn::dataset {

// In OutputLayout::data_dir.
inline constexpr const char* kProcessedTrainFile = "processed_train.csv";
inline constexpr const char* kProcessedTestFile = "processed_test.csv";
inline constexpr const char* kFeaturesReportFile = "features_report.json";

// In OutputLayout::models_dir: the columns a model is trained on.
inline constexpr const char* kFeatureColumnsFile = "feature_columns.json";

}  // namespace churn::dataset

#pragma once
// The reports `train` leaves in the models directory beside the model, named
// once for the training run that writes them and for every reader (the
// server, the tests). model.json and manifest.json are named in
// model/model_bundle.h, the explanations in explain/shap_store.h and
// explain/shap_summary.h.

namespace churn::report {

inline constexpr const char* kMetricsFile = "metrics.json";
inline constexpr const char* kCurvesFile = "curves.json";
inline constexpr const char* kCandidatesReportFile = "candidates_report.csv";
inline constexpr const char* kFeatureImportancesFile = "feature_importances.csv";
inline constexpr const char* kTestPredictionsFile = "test_predictions.csv";
// The training rows' distributions, which `score` measures drift against.
inline constexpr const char* kDriftReferenceFile = "drift_reference.json";
// The rolling backtest (training/backtest_run.h): each snapshot tested in turn.
inline constexpr const char* kBacktestFile = "backtest.json";

}  // namespace churn::report

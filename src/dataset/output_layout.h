#pragma once
// Where a run's artifacts go: the processed tables and the run's reports in
// one folder, the model and its reports in another, and the scorings of
// today's customers (one folder per as-of date) in a third. Every stage that writes
// or reads an artifact takes this layout and the file name it declares
// (dataset_files.h, report/report_files.h, model/model_bundle.h,
// explain/shap_store.h, explain/shap_summary.h).
//
//   OutputLayout output = OutputLayout::Under("/srv/churn");  // data/, models/, scores/
//   output.data_dir / kProcessedTrainFile                      // data/processed_train.csv

#include <filesystem>

namespace churn::dataset {

struct OutputLayout {
  std::filesystem::path data_dir = "data";      // processed tables, run reports
  std::filesystem::path models_dir = "models";  // model, manifest, metrics, curves, explanations
  std::filesystem::path scores_dir = "scores";  // scorings, scores/<as-of date>/ (scoring/)

  // The layout under one folder: DIR/data, DIR/models and DIR/scores (`--out DIR`).
  static OutputLayout Under(const std::filesystem::path& root) {
    return OutputLayout{root / "data", root / "models", root / "scores"};
  }
};

}  // namespace churn::dataset

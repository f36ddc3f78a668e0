#pragma once
// What `train` leaves in the models directory for `predict` and `serve`: the
// chosen model in its own JSON format (model.json) and manifest.json, which
// ties it to the features it was trained on, its calibration and threshold,
// and records where it came from. Loading checks the manifest against the
// features at hand: a model never scores columns it was not trained on.

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dataset/feature_columns.h"
#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "model/probability_calibration.h"

namespace churn::model {

inline constexpr const char* kModelFileName = "model.json";
inline constexpr const char* kManifestFileName = "manifest.json";

struct ModelBundle {
  std::unique_ptr<Classifier> classifier;
  ProbabilityCalibration calibration;
  double threshold = 0.5;
  std::vector<std::string> features;
  // A hash of model.json's text: what explanations of this model record.
  std::string digest;

  // Calibrated probabilities of churn: the one way rows are scored, in
  // training, explaining, predicting and serving. `threads` as in
  // Classifier::PredictMargin.
  std::vector<double> Probabilities(const dataset::FeatureMatrix& rows, int threads) const;
  // At or above the threshold: the users a campaign contacts (label 1).
  bool Flagged(double probability) const { return probability >= threshold; }
  // "high" when flagged, "medium" from half the threshold, "low" below.
  std::string_view RiskBand(double probability) const;
};

// Writes model.json, then manifest.json (the model's type, features and
// their hash, threshold, calibration, plus everything in `provenance`),
// each to a temporary file renamed into place: a manifest only ever points
// to a whole model.
void SaveModelBundle(const std::filesystem::path& folder, const ModelBundle& bundle,
                     const nlohmann::json& provenance);

// Throws ModelError when the manifest does not match `columns` (other
// features or another order) and InputError when a file is missing or
// malformed, the manifest's model_type is not a ModelKind's name, or the
// manifest records another model.json's digest than the one there. The
// model is read without XGBoost.
ModelBundle LoadModelBundle(const std::filesystem::path& folder,
                            const dataset::FeatureColumns& columns);

// The manifest alone, for reports.
nlohmann::json ReadManifest(const std::filesystem::path& folder);

}  // namespace churn::model

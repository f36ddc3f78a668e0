#pragma once
// The tables `train` leaves in the models directory beside the model, each
// written to a temporary file and renamed into place.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/classifier.h"
#include "report/candidate_selection.h"

namespace churn::report {

// Pretty-printed JSON, atomically.
void WriteJsonFile(const std::filesystem::path& path, const nlohmann::json& document);

// candidates_report.csv: one row per candidate, validation and test figures
// side by side, the winner marked.
void WriteCandidatesReport(const std::filesystem::path& path,
                           const std::vector<CandidateFigures>& candidates, std::size_t chosen);

// feature_importances.csv: feature, gain, weight, cover; by gain, largest first.
void WriteFeatureImportances(const std::filesystem::path& path,
                             std::vector<model::FeatureImportance> importances);

// test_predictions.csv: user_id, snapshot, probability, label (1 when the
// probability reaches the threshold), churn (what happened).
void WriteTestPredictions(const std::filesystem::path& path, const dataset::LabelledRows& rows,
                          std::span<const double> probabilities, double threshold);

}  // namespace churn::report

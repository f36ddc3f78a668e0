#pragma once
// What the model was trained on, as the drift of a later scoring is measured
// against it: for every feature and for the calibrated score, the bins of
// the training rows (their deciles) and the rows' share in each.
// `train` writes it (drift_reference.json, beside the model); `score` reads
// it and computes each feature's population stability index (PSI) on the
// users it scores, without reading the training table again.
//
//   DriftReference reference = FitDriftReference({&fit.features, &validation.features},
//                                                probabilities);
//   WriteJsonFile(models / kDriftReferenceFile, DriftReferenceJson(reference));

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/feature_matrix.h"
#include "metrics/population_stability.h"

namespace churn::report {

// What the reference rows are, in words (drift.json says it too).
inline constexpr const char* kDriftReferenceRows = "the training rows (processed_train.csv)";

struct DriftReference {
  std::size_t rows = 0;
  std::vector<std::string> features;
  std::vector<metrics::StabilityBins> feature_bins;  // one per feature, in order
  metrics::StabilityBins score_bins;
};

// The bins of the rows of every matrix together (the same columns), and of
// their calibrated `probabilities` (in the same row order). With a
// distributed `group`, each worker passes its rows and every worker gets
// the bins of all of them, exactly as one process would fit them.
DriftReference FitDriftReference(
    std::span<const dataset::FeatureMatrix* const> matrices, std::span<const double> probabilities,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

// {"rows", "what", "score": {"upper_edges", "expected"},
//  "features": [{"feature", "upper_edges", "expected"}]}
nlohmann::json DriftReferenceJson(const DriftReference& reference);

// Throws InputError naming the file when it is missing or malformed, with
// the command that writes it.
DriftReference ReadDriftReference(const std::filesystem::path& path);

// One column of a matrix, as doubles.
std::vector<double> ColumnValues(const dataset::FeatureMatrix& matrix, std::size_t col);

}  // namespace churn::report

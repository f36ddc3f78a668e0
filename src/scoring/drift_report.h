#pragma once
// How far the scored users have moved from the users the model was trained
// on: the population stability index of every feature and of the score,
// against the training rows' bins (report::DriftReference). A PSI above
// kDriftPsi (0.2) is drift: the model sees a population it was not fitted
// on, and retraining is due.
//
//   DriftReport drift = MeasureDrift(reference, rows.features, probabilities);
//   WriteJsonFile(folder / kDriftFile, DriftJson(drift, as_of));

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "report/drift_reference.h"

namespace churn::scoring {

struct DistributionDrift {
  std::string name;  // the feature's, or "score"
  double psi = 0;
  const metrics::StabilityBins* bins = nullptr;  // the reference's, with `expected`
  std::vector<double> actual;                    // the scored rows' shares, the same bins
};

struct DriftReport {
  std::size_t reference_rows = 0;
  std::size_t scored_rows = 0;
  DistributionDrift score;
  std::vector<DistributionDrift> features;  // highest PSI first

  // Any feature or the score above kDriftPsi.
  bool RetrainDue() const;
};

// `reference` must outlive the report. Throws InputError when the reference
// holds other features than `scored` (a drift reference from another
// training run).
DriftReport MeasureDrift(const report::DriftReference& reference,
                         const dataset::FeatureMatrix& scored,
                         std::span<const double> probabilities);

// drift.json: {"as_of", "threshold", "retrain_due", "reference": {"rows",
// "what"}, "scored_rows", "score": {"psi", "bins"}, "features": [{"feature",
// "psi", "drifted", "bins"}]}, each bin {"lower", "upper", "expected",
// "actual"} (null bounds open) or {"missing": true, ...}.
nlohmann::json DriftJson(const DriftReport& drift, const std::string& as_of);

// summary.json's "drift": {"threshold", "retrain_due", "score_psi",
// "max_psi", "drifted": [{"feature", "psi"}]}.
nlohmann::json DriftSummaryJson(const DriftReport& drift);

}  // namespace churn::scoring

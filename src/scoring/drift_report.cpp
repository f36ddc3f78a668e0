#include "scoring/drift_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "errors/error.h"
#include "scoring/scoring_files.h"

namespace churn::scoring {
namespace {

DistributionDrift Measure(std::string name, const metrics::StabilityBins& bins,
                          std::span<const double> values) {
  DistributionDrift drift;
  drift.name = std::move(name);
  drift.bins = &bins;
  drift.actual = metrics::BinShares(bins, values);
  drift.psi = metrics::PopulationStability(bins.expected, drift.actual);
  return drift;
}

nlohmann::json Bound(const std::vector<double>& edges, std::size_t index) {
  return index < edges.size() ? nlohmann::json(edges[index]) : nlohmann::json(nullptr);
}

nlohmann::json BinsJson(const DistributionDrift& drift) {
  const metrics::StabilityBins& bins = *drift.bins;
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t bin = 0; bin < bins.MissingBin(); ++bin) {
    list.push_back(
        {{"lower", bin == 0 ? nlohmann::json(nullptr) : Bound(bins.upper_edges, bin - 1)},
         {"upper", Bound(bins.upper_edges, bin)},
         {"expected", bins.expected[bin]},
         {"actual", drift.actual[bin]}});
  }
  list.push_back({{"missing", true},
                  {"expected", bins.expected[bins.MissingBin()]},
                  {"actual", drift.actual[bins.MissingBin()]}});
  return list;
}

}  // namespace

bool DriftReport::RetrainDue() const {
  return score.psi > kDriftPsi ||
         std::any_of(features.begin(), features.end(),
                     [](const DistributionDrift& feature) { return feature.psi > kDriftPsi; });
}

DriftReport MeasureDrift(const report::DriftReference& reference,
                         const dataset::FeatureMatrix& scored,
                         std::span<const double> probabilities) {
  if (reference.features != scored.names) {
    throw InputError(
        "the drift reference was written for other features than the model's: run `churn-radar "
        "train` again");
  }
  DriftReport drift;
  drift.reference_rows = reference.rows;
  drift.scored_rows = scored.rows();
  drift.score = Measure("score", reference.score_bins, probabilities);
  for (std::size_t col = 0; col < scored.cols(); ++col) {
    drift.features.push_back(
        Measure(scored.names[col], reference.feature_bins[col], report::ColumnValues(scored, col)));
  }
  std::stable_sort(drift.features.begin(), drift.features.end(),
                   [](const DistributionDrift& left, const DistributionDrift& right) {
                     return left.psi > right.psi;
                   });
  return drift;
}

nlohmann::json DriftJson(const DriftReport& drift, const std::string& as_of) {
  nlohmann::json features = nlohmann::json::array();
  for (const DistributionDrift& feature : drift.features) {
    features.push_back({{"feature", feature.name},
                        {"psi", feature.psi},
                        {"drifted", feature.psi > kDriftPsi},
                        {"bins", BinsJson(feature)}});
  }
  return {{"as_of", as_of},
          {"threshold", kDriftPsi},
          {"retrain_due", drift.RetrainDue()},
          {"reference", {{"rows", drift.reference_rows}, {"what", report::kDriftReferenceRows}}},
          {"scored_rows", drift.scored_rows},
          {"score", {{"psi", drift.score.psi}, {"bins", BinsJson(drift.score)}}},
          {"features", std::move(features)}};
}

nlohmann::json DriftSummaryJson(const DriftReport& drift) {
  nlohmann::json drifted = nlohmann::json::array();
  double max_psi = 0;
  for (const DistributionDrift& feature : drift.features) {
    max_psi = std::max(max_psi, feature.psi);
    if (feature.psi > kDriftPsi) {
      drifted.push_back({{"feature", feature.name}, {"psi", feature.psi}});
    }
  }
  return {{"threshold", kDriftPsi},
          {"retrain_due", drift.RetrainDue()},
          {"score_psi", drift.score.psi},
          {"max_psi", max_psi},
          {"drifted", std::move(drifted)}};
}

}  // namespace churn::scoring

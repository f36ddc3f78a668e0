#include "report/drift_reference.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

#include "errors/error.h"
#include "events/display_path.h"
#include "events/whole_file.h"

namespace churn::report {
namespace {

nlohmann::json BinsJson(const metrics::StabilityBins& bins) {
  return {{"upper_edges", bins.upper_edges}, {"expected", bins.expected}};
}

metrics::StabilityBins BinsOf(const nlohmann::json& json) {
  metrics::StabilityBins bins;
  bins.upper_edges = json.at("upper_edges").get<std::vector<double>>();
  bins.expected = json.at("expected").get<std::vector<double>>();
  if (bins.expected.size() != bins.upper_edges.size() + 2) {
    throw nlohmann::json::other_error::create(501, "the bins and their shares disagree", &json);
  }
  return bins;
}

}  // namespace

std::vector<double> ColumnValues(const dataset::FeatureMatrix& matrix, std::size_t col) {
  std::vector<double> values(matrix.rows());
  for (std::size_t row = 0; row < values.size(); ++row) {
    values[row] = matrix.At(row, col);
  }
  return values;
}

DriftReference FitDriftReference(std::span<const dataset::FeatureMatrix* const> matrices,
                                 std::span<const double> probabilities,
                                 const collective::WorkerGroup& group) {
  DriftReference reference;
  reference.features = matrices.front()->names;
  for (const dataset::FeatureMatrix* matrix : matrices) {
    reference.rows += matrix->rows();
  }
  if (probabilities.size() != reference.rows) {
    throw InternalError("FitDriftReference: one probability per row is needed");
  }
  std::size_t rows_here = reference.rows;
  std::array<std::int64_t, 1> rows = {static_cast<std::int64_t>(rows_here)};
  group.Sum(rows);
  reference.rows = static_cast<std::size_t>(rows[0]);
  for (std::size_t col = 0; col < reference.features.size(); ++col) {
    std::vector<double> values;
    values.reserve(rows_here);
    for (const dataset::FeatureMatrix* matrix : matrices) {
      std::vector<double> column = ColumnValues(*matrix, col);
      values.insert(values.end(), column.begin(), column.end());
    }
    reference.feature_bins.push_back(metrics::FitStabilityBins(values, group));
  }
  reference.score_bins = metrics::FitStabilityBins(probabilities, group);
  return reference;
}

nlohmann::json DriftReferenceJson(const DriftReference& reference) {
  nlohmann::json features = nlohmann::json::array();
  for (std::size_t col = 0; col < reference.features.size(); ++col) {
    nlohmann::json feature = BinsJson(reference.feature_bins[col]);
    feature["feature"] = reference.features[col];
    features.push_back(std::move(feature));
  }
  return {{"rows", reference.rows},
          {"what", kDriftReferenceRows},
          {"score", BinsJson(reference.score_bins)},
          {"features", std::move(features)}};
}

DriftReference ReadDriftReference(const std::filesystem::path& path) {
  std::optional<std::string> text = events::ReadWholeFile(path);
  if (!text) {
    throw InputError(fmt::format("{} is missing: run `churn-radar train` to write it",
                                 events::DisplayPath(path)));
  }
  try {
    nlohmann::json json = nlohmann::json::parse(*text);
    DriftReference reference;
    reference.rows = json.at("rows").get<std::size_t>();
    reference.score_bins = BinsOf(json.at("score"));
    for (const nlohmann::json& feature : json.at("features")) {
      reference.features.push_back(feature.at("feature").get<std::string>());
      reference.feature_bins.push_back(BinsOf(feature));
    }
    return reference;
  } catch (const nlohmann::json::exception& error) {
    throw InputError(fmt::format("{}: not a drift reference ({}): run `churn-radar train` again",
                                 events::DisplayPath(path), error.what()));
  }
}

}  // namespace churn::report

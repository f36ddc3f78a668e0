#include "report/curve_report.h"

#include "metrics/campaign_gains.h"
#include "metrics/probability_metrics.h"
#include "metrics/ranking_metrics.h"
#include "metrics/threshold_metrics.h"

namespace churn::report {
namespace {

constexpr int kCalibrationBins = 10;
constexpr int kGainsPoints = 20;

nlohmann::json RocJson(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  nlohmann::json points = nlohmann::json::array();
  for (const metrics::RocPoint& point : metrics::RocCurve(scores, labels)) {
    points.push_back({{"fpr", point.false_positive_rate},
                      {"tpr", point.true_positive_rate},
                      {"threshold", point.threshold}});
  }
  return points;
}

nlohmann::json PrJson(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  nlohmann::json points = nlohmann::json::array();
  for (const metrics::PrPoint& point : metrics::PrCurve(scores, labels)) {
    points.push_back(
        {{"recall", point.recall}, {"precision", point.precision}, {"threshold", point.threshold}});
  }
  return points;
}

nlohmann::json CalibrationJson(std::span<const double> probabilities,
                               std::span<const std::uint8_t> labels) {
  nlohmann::json bins = nlohmann::json::array();
  for (const metrics::CalibrationBin& bin :
       metrics::CalibrationCurve(probabilities, labels, kCalibrationBins)) {
    bins.push_back({{"lower", bin.lower},
                    {"upper", bin.upper},
                    {"mean_predicted", bin.mean_predicted},
                    {"observed_rate", bin.observed_rate},
                    {"count", bin.count}});
  }
  return bins;
}

nlohmann::json GainsJson(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  nlohmann::json points = nlohmann::json::array();
  for (const metrics::GainsPoint& point : metrics::GainsCurve(scores, labels, kGainsPoints)) {
    points.push_back({{"contacted_share", point.contacted_share},
                      {"churners_found", point.churners_found},
                      {"lift", point.lift}});
  }
  return points;
}

}  // namespace

nlohmann::json CurvesJson(std::span<const double> probabilities,
                          std::span<const std::uint8_t> labels, double threshold,
                          std::span<const double> baseline_scores) {
  metrics::ConfusionMatrix operating = metrics::ConfusionAt(probabilities, labels, threshold);
  double negatives = static_cast<double>(operating.false_positives + operating.true_negatives);
  return {{"roc", RocJson(probabilities, labels)},
          {"pr", PrJson(probabilities, labels)},
          {"operating_point",
           {{"threshold", threshold},
            {"fpr", negatives > 0 ? static_cast<double>(operating.false_positives) / negatives : 0},
            {"tpr", operating.Recall()},
            {"precision", operating.Precision()},
            {"recall", operating.Recall()}}},
          {"calibration", CalibrationJson(probabilities, labels)},
          {"gains", GainsJson(probabilities, labels)},
          {"baseline",
           {{"roc", RocJson(baseline_scores, labels)}, {"pr", PrJson(baseline_scores, labels)}}}};
}

}  // namespace churn::report

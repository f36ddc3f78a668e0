#include "report/curve_report.h"

#include <vector>

#include "config/settings_json.h"
#include "metrics/campaign_gains.h"
#include "metrics/probability_metrics.h"
#include "metrics/ranking_metrics.h"
#include "metrics/threshold_metrics.h"

namespace churn::report {
namespace {

constexpr int kCalibrationBins = 10;
constexpr int kGainsPoints = 20;
constexpr std::size_t kSweepSteps = 100;  // thresholds 0.00, 0.01, ..., 1.00

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

nlohmann::json ThresholdPointJson(double threshold, const metrics::ConfusionMatrix& confusion,
                                  const metrics::CampaignEconomics& economics) {
  return {{"threshold", threshold},
          {"flagged", confusion.flagged()},
          {"true_positives", confusion.true_positives},
          {"precision", confusion.Precision()},
          {"recall", confusion.Recall()},
          {"f1", confusion.F1()},
          {"expected_profit", metrics::ExpectedProfit(confusion, economics)}};
}

nlohmann::json ThresholdSweepJson(std::span<const double> probabilities,
                                  std::span<const std::uint8_t> labels,
                                  const metrics::CampaignEconomics& economics,
                                  std::span<const double> customer_values) {
  nlohmann::json points = nlohmann::json::array();
  std::vector<metrics::ConfusionMatrix> confusions =
      metrics::ConfusionAtSteps(probabilities, labels, kSweepSteps, customer_values);
  for (std::size_t step = 0; step < confusions.size(); ++step) {
    points.push_back(
        ThresholdPointJson(metrics::StepThreshold(step, kSweepSteps), confusions[step], economics));
  }
  return points;
}

// The threshold in use, exactly: the sweep's own fields plus the ROC point.
nlohmann::json OperatingPointJson(const metrics::ConfusionMatrix& operating, double threshold,
                                  const metrics::CampaignEconomics& economics) {
  nlohmann::json point = ThresholdPointJson(threshold, operating, economics);
  double negatives = static_cast<double>(operating.false_positives + operating.true_negatives);
  point["fpr"] = negatives > 0 ? static_cast<double>(operating.false_positives) / negatives : 0;
  point["tpr"] = operating.Recall();
  return point;
}

}  // namespace

nlohmann::json CurvesJson(std::span<const double> probabilities,
                          std::span<const std::uint8_t> labels, double threshold,
                          std::span<const double> baseline_scores,
                          const metrics::CampaignEconomics& economics,
                          std::span<const double> customer_values) {
  metrics::ConfusionMatrix operating =
      metrics::ConfusionAt(probabilities, labels, threshold, customer_values);
  return {
      {"roc", RocJson(probabilities, labels)},
      {"pr", PrJson(probabilities, labels)},
      {"operating_point", OperatingPointJson(operating, threshold, economics)},
      {"calibration", CalibrationJson(probabilities, labels)},
      {"gains", GainsJson(probabilities, labels)},
      {"threshold_sweep", ThresholdSweepJson(probabilities, labels, economics, customer_values)},
      {"campaign", config::SettingsJson(economics)},
      {"rows", probabilities.size()},
      {"churners", operating.true_positives + operating.false_negatives},
      {"baseline",
       {{"roc", RocJson(baseline_scores, labels)}, {"pr", PrJson(baseline_scores, labels)}}}};
}

}  // namespace churn::report

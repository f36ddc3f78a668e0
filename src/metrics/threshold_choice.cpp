#include "metrics/threshold_choice.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "metrics/ranking_metrics.h"
#include "metrics/score_ranking.h"

namespace churn::metrics {
namespace {

constexpr std::string_view kChoiceRows = "the rows the threshold is chosen on";
// Profits are sums of rounded products: two thresholds whose exact profits
// are equal (break-even and contacting nobody, say) may differ in the last
// bits. A lower threshold must beat the best by more than this share of it to
// win, so that ties go to the higher threshold as promised. F1 needs none: it
// is one correctly rounded division of integers, so equal F1s are equal
// doubles.
constexpr double kProfitTieTolerance = 1e-12;

ConfusionMatrix ConfusionOfStep(const ThresholdStep& step, const ScoreRanking& ranking) {
  ConfusionMatrix confusion;
  confusion.true_positives = step.true_positives;
  confusion.false_positives = step.false_positives;
  confusion.true_positive_value = step.true_positive_value;
  confusion.false_negatives = ranking.positives() - step.true_positives;
  confusion.true_negatives = ranking.negatives() - step.false_positives;
  return confusion;
}

ThresholdChoice ChoiceAt(double threshold, const ConfusionMatrix& confusion,
                         const CampaignEconomics& economics) {
  return {threshold, confusion, confusion.F1(), ExpectedProfit(confusion, economics)};
}

bool ClearlyBetter(double candidate, double best, double tie_tolerance) {
  return candidate > best + tie_tolerance * std::max(1.0, std::abs(best));
}

// Walks every distinct score from the highest down, in one pass over the
// sorted scores, keeping the first choice that no later one clearly beats.
// `start` is the choice to beat before any threshold is tried.
ThresholdChoice BestThreshold(const ScoreRanking& ranking, const CampaignEconomics& economics,
                              const ThresholdChoice& start, double tie_tolerance,
                              const std::function<double(const ThresholdChoice&)>& objective) {
  ThresholdChoice best = start;
  double best_value = objective(best);
  for (const ThresholdStep& step : ranking.Steps()) {
    ThresholdChoice candidate = ChoiceAt(step.threshold, ConfusionOfStep(step, ranking), economics);
    double value = objective(candidate);
    if (ClearlyBetter(value, best_value, tie_tolerance)) {
      best = candidate;
      best_value = value;
    }
  }
  return best;
}

// Contacting nobody: the threshold lies above every score.
ThresholdChoice NobodyContacted(const ScoreRanking& ranking, const CampaignEconomics& economics) {
  ConfusionMatrix confusion;
  confusion.false_negatives = ranking.positives();
  confusion.true_negatives = ranking.negatives();
  return ChoiceAt(ranking.ThresholdAboveAll(), confusion, economics);
}

}  // namespace

double ExpectedProfit(const ConfusionMatrix& confusion, const CampaignEconomics& economics) {
  double kept = economics.customer_value
                    ? confusion.true_positive_value
                    : static_cast<double>(confusion.true_positives) * economics.retained_value;
  return kept * economics.offer_success_rate -
         static_cast<double>(confusion.flagged()) * economics.contact_cost;
}

ThresholdChoice MaxF1Threshold(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               const CampaignEconomics& economics, std::span<const double> values) {
  ScoreRanking ranking(scores, labels, values);
  RequireBothClasses(labels, kChoiceRows);
  // With a churner among the rows, some threshold has F1 > 0, so starting
  // from nobody contacted (F1 0) never ends there.
  return BestThreshold(ranking, economics, NobodyContacted(ranking, economics), 0.0,
                       [](const ThresholdChoice& choice) { return choice.f1; });
}

ThresholdChoice MaxProfitThreshold(std::span<const double> scores,
                                   std::span<const std::uint8_t> labels,
                                   const CampaignEconomics& economics,
                                   std::span<const double> values) {
  ScoreRanking ranking(scores, labels, values);
  RequireBothClasses(labels, kChoiceRows);
  // When every threshold loses money, the best campaign is none at all.
  return BestThreshold(ranking, economics, NobodyContacted(ranking, economics), kProfitTieTolerance,
                       [](const ThresholdChoice& choice) { return choice.expected_profit; });
}

}  // namespace churn::metrics

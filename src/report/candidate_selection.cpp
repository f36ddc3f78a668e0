#include "report/candidate_selection.h"

#include "errors/error.h"

namespace churn::report {

double SelectionScore(SelectionMetric metric, const ModelEvaluation& validation) {
  switch (metric) {
    case SelectionMetric::kPrAuc:
      return validation.pr_auc;
    case SelectionMetric::kRocAuc:
      return validation.roc_auc;
    case SelectionMetric::kLogLoss:
      if (!validation.log_loss) {
        throw InternalError("log-loss selection needs probabilities");
      }
      return -*validation.log_loss;
    case SelectionMetric::kF1:
      return validation.confusion.F1();
  }
  throw InternalError("unknown selection metric");
}

std::size_t ChooseCandidate(const std::vector<CandidateFigures>& candidates,
                            SelectionMetric metric) {
  if (candidates.empty()) {
    throw InternalError("no candidate to choose from");
  }
  std::size_t best = 0;
  for (std::size_t idx = 1; idx < candidates.size(); ++idx) {
    if (SelectionScore(metric, candidates[idx].validation) >
        SelectionScore(metric, candidates[best].validation)) {
      best = idx;
    }
  }
  return best;
}

}  // namespace churn::report

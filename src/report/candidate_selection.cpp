#include "report/candidate_selection.h"

#include <fmt/format.h>

#include "errors/error.h"

namespace churn::report {

double SelectionScore(std::string_view metric, const ModelEvaluation& validation) {
  if (metric == "pr_auc") {
    return validation.pr_auc;
  }
  if (metric == "roc_auc") {
    return validation.roc_auc;
  }
  if (metric == "log_loss") {
    if (!validation.log_loss) {
      throw InternalError("log-loss selection needs probabilities");
    }
    return -*validation.log_loss;
  }
  if (metric == "f1") {
    return validation.confusion.F1();
  }
  throw InternalError(fmt::format("unknown selection metric '{}'", metric));
}

std::size_t ChooseCandidate(const std::vector<CandidateFigures>& candidates,
                            std::string_view metric) {
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

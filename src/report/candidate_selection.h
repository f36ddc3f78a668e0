#pragma once
// Which candidate wins: the best validation figure under the configured
// selection metric. Test figures are reported for every candidate but never
// consulted, so the choice cannot be tuned on the test set.

#include <string>
#include <string_view>
#include <vector>

#include "report/model_evaluation.h"
#include "report/report_config.h"

namespace churn::report {

struct CandidateFigures {
  std::string name;
  double fit_seconds = 0;
  int rounds = 0;              // boosting rounds kept (0 for the logistic model)
  ModelEvaluation validation;  // at the candidate's own validation threshold
  ModelEvaluation test;        // at that same threshold
};

// The figure `metric` gives a validation evaluation, oriented so that higher
// is better.
double SelectionScore(SelectionMetric metric, const ModelEvaluation& validation);

// The index of the winner; a tie goes to the candidate listed first.
std::size_t ChooseCandidate(const std::vector<CandidateFigures>& candidates,
                            SelectionMetric metric);

}  // namespace churn::report

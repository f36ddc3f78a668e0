#pragma once
// A trained model judged on its test rows beside the baselines anyone would
// try first: recency (days since the last visit) and BG/NBD (1 - P(alive)),
// each at the threshold its own validation scores choose, and the model's
// lead over each with a paired bootstrap interval. `train` reports it for
// the test snapshot, the backtest for each of its test cutoffs.

#include <optional>
#include <vector>

#include "dataset/feature_columns.h"
#include "model/model_bundle.h"
#include "report/baseline_lead.h"
#include "report/model_evaluation.h"
#include "training/training_rows.h"

namespace churn::training {

struct TestEvaluation {
  // One per test row, every worker's in rank order (TrainingRows::test_ids).
  std::vector<double> probabilities;   // the model's, calibrated
  std::vector<double> recency_scores;  // the recency baseline's
  report::ModelEvaluation model;       // at the bundle's threshold
  report::ModelEvaluation recency;
  // None when a snapshot had too few repeat buyers for a value model.
  std::optional<report::ModelEvaluation> bgnbd;
  report::BaselineLead recency_lead;
  std::optional<report::BaselineLead> bgnbd_lead;
};

TestEvaluation EvaluateOnTest(const TrainingSettings& settings, const TrainingRows& rows,
                              const dataset::FeatureColumns& columns,
                              const model::ModelBundle& bundle);

// {"recency": LeadJson, "bgnbd": LeadJson or null}
nlohmann::json LeadsJson(const TestEvaluation& evaluation);

}  // namespace churn::training

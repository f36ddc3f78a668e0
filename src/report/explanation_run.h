#pragma once
// The explanation run, `churn-radar explain`: exact SHAP values for every
// user of the test snapshot (shap_values.bin, for the dashboard and
// `predict`), and the global picture (shap_summary.json: mean absolute SHAP
// beside gain, weight and cover, and a beeswarm sample). Reads the model
// bundle and processed_test.csv; prints nothing on stdout.
//
//   ExplanationOutcome outcome = ExplainTestSnapshot(output, {.threads = 0, .seed = 42});
//   outcome.top_features[0]  // {"days_since_last_event", 0.61}

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/output_layout.h"
#include "progress/progress_reporter.h"

namespace churn::report {

// The key of shap_summary.json that holds the digest of the model it
// explains (model::ModelBundle::digest), which the server compares.
inline constexpr const char* kShapSummaryModelKey = "model_digest";

struct ExplanationSettings {
  int threads = 0;          // 0: every core
  std::uint64_t seed = 42;  // the beeswarm sample's
  // With several workers, each explains its shard of the test rows and the
  // coordinator writes every worker's values, as one process would.
  collective::WorkerGroup group = collective::WorkerGroup::Solo();
};

struct ExplanationOutcome {
  std::string model_type;
  std::size_t users = 0;    // explained: on a worker that does not coordinate, 0
  double shap_seconds = 0;  // the SHAP values alone
  double seconds = 0;
  std::vector<std::pair<std::string, double>> top_features;  // by mean |SHAP|, the first ten
};

// `progress` is told the users explained so far. Throws InputError when the
// bundle or the test table is missing or the tables are not those the model
// was trained on (naming `churn-radar train`), ModelError when they do not
// match.
ExplanationOutcome ExplainTestSnapshot(const dataset::OutputLayout& output,
                                       const ExplanationSettings& settings,
                                       const progress::Reporter& progress = {});

}  // namespace churn::report

#pragma once
// `churn-radar explain`: exact SHAP values for every user of the test
// snapshot (shap_values.bin, for the dashboard and `predict`), and the global
// picture (shap_summary.json: mean absolute SHAP beside gain, weight and
// cover, and a beeswarm sample).

#include <string>
#include <utility>
#include <vector>

#include "app/app_config.h"
#include "app/exit_code.h"

namespace churn::app {

struct ExplainOutcome {
  std::string model_type;
  std::size_t users = 0;
  double shap_seconds = 0;  // the SHAP values alone
  double seconds = 0;
  std::vector<std::pair<std::string, double>> top_features;  // by mean |SHAP|
};

// Explains and writes every artifact; prints nothing on stdout.
ExplainOutcome BuildExplanations(const AppConfig& config);

ExitCode RunExplain(const AppConfig& config);

void PrintExplainSummary(const AppConfig& config, const ExplainOutcome& outcome);

}  // namespace churn::app

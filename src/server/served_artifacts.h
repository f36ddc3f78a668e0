#pragma once
// Everything `serve` answers from, loaded once at start: from the models
// folder that `train` and `explain` filled, the model bundle and an explainer
// for scoring posted rows, the SHAP store of the test snapshot's users (the
// backtest, and their order by risk), and the JSON reports, parsed once and
// kept as the text the API sends (the rolling backtest's only when
// `churn-radar backtest` has run); from the scores folder, the scorings of
// today's customers (served_scorings.h), when `score` has made any.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataset/feature_columns.h"
#include "dataset/output_layout.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "model/model_bundle.h"
#include "server/served_scorings.h"

namespace churn::server {

class ServedArtifacts {
 public:
  // Reads output.models_dir and output.scores_dir (which may hold no
  // scoring, or not exist). Throws InputError naming the missing or
  // malformed file, with the command that makes it. `version` is the
  // running churn-radar's, for /api/health.
  static std::unique_ptr<const ServedArtifacts> Load(const dataset::OutputLayout& output,
                                                     std::string_view version);

  const dataset::FeatureColumns& columns() const { return columns_; }
  const model::ModelBundle& bundle() const { return bundle_; }
  const explain::ModelExplainer& explainer() const { return *explainer_; }
  // The explained test snapshot (the backtest).
  const explain::ShapStore& store() const { return store_; }
  // Store indices, most at risk first (ties in user id order).
  const std::vector<std::size_t>& by_risk() const { return by_risk_; }
  // The scorings of today's customers; none before `churn-radar score`.
  const ServedScorings& scorings() const { return scorings_; }

  // The response bodies that never change while the server runs.
  const std::string& health_json() const { return health_json_; }
  const std::string& metrics_json() const { return metrics_json_; }
  const std::string& curves_json() const { return curves_json_; }
  const std::string& importances_json() const { return importances_json_; }
  const std::string& shap_summary_json() const { return shap_summary_json_; }
  // backtest.json; none when the rolling backtest has not run (older runs,
  // or train.backtest: false).
  const std::optional<std::string>& backtest_json() const { return backtest_json_; }

 private:
  ServedArtifacts(dataset::FeatureColumns columns, model::ModelBundle bundle,
                  explain::ShapStore store, ServedScorings scorings);

  dataset::FeatureColumns columns_;
  model::ModelBundle bundle_;
  std::unique_ptr<explain::ModelExplainer> explainer_;  // refers to bundle_'s classifier
  explain::ShapStore store_;
  std::vector<std::size_t> by_risk_;
  ServedScorings scorings_;
  std::string health_json_;
  std::string metrics_json_;
  std::string curves_json_;
  std::string importances_json_;
  std::string shap_summary_json_;
  std::optional<std::string> backtest_json_;
};

}  // namespace churn::server

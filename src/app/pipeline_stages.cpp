#include "app/pipeline_stages.h"

#include <fmt/format.h>

#include "errors/error.h"

namespace churn::app {

const std::vector<PipelineStage>& PipelineStages() {
  static const std::vector<PipelineStage> kStages = {
      {"features", "per-user features and churn labels from the monthly logs", "issue #3", true,
       true},
      {"train", "model candidates, selection, threshold and metrics", "issue #4", true, true},
      {"explain", "importances and exact SHAP values", "issue #5", true, true},
      {"predict", "scoring of one user or a file, with reasons", "issue #5", true, false},
      {"serve", "the dashboard and the JSON scoring API", "issue #6", true, false},
  };
  return kStages;
}

const PipelineStage& StageNamed(std::string_view name) {
  for (const PipelineStage& stage : PipelineStages()) {
    if (stage.name == name) {
      return stage;
    }
  }
  throw InternalError(fmt::format("no pipeline stage named '{}'", name));
}

void ThrowNotBuilt(const PipelineStage& stage) {
  throw NotBuiltError(
      fmt::format("'{}' is not built yet ({}: {})", stage.name, stage.purpose, stage.issue));
}

}  // namespace churn::app

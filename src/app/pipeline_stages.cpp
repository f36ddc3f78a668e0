#include "app/pipeline_stages.h"

#include <fmt/format.h>

#include "errors/error.h"

namespace churn::app {
namespace {

const std::vector<PipelineStage>& AllStages() {
  static const std::vector<PipelineStage> kStages = {
      {"features", "per-user features and churn labels from the monthly logs", "issue #3", false},
      {"train", "model candidates, selection, threshold and metrics", "issue #4", false},
      {"explain", "importances and exact SHAP values", "issue #5", false},
      {"predict", "scoring of one user or a file, with reasons", "issue #5", false},
      {"serve", "the dashboard and JSON scoring API", "issue #6", false},
  };
  return kStages;
}

}  // namespace

const std::vector<PipelineStage>& RunStages() {
  static const std::vector<PipelineStage> kRunStages(AllStages().begin(), AllStages().begin() + 3);
  return kRunStages;
}

const PipelineStage& StageNamed(std::string_view name) {
  for (const PipelineStage& stage : AllStages()) {
    if (stage.name == name) {
      return stage;
    }
  }
  throw InternalError(fmt::format("no pipeline stage named '{}'", name));
}

void ReportNotBuilt(const PipelineStage& stage) {
  throw NotBuiltError(fmt::format("'{}' is not built yet: {} arrive with {}", stage.name,
                                  stage.purpose, stage.issue));
}

}  // namespace churn::app

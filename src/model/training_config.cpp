#include "model/training_config.h"

#include <fmt/format.h>

#include "config/setting_checks.h"
#include "errors/error.h"

namespace churn::model {
namespace {

// Both limits 0 is the one combination that no range rules out.
void CheckTreesAreBounded(std::string_view name, const BoostedTreesParams& params) {
  if (params.max_depth == 0 && params.max_leaves == 0) {
    throw ConfigError(fmt::format(
        "train.{} needs max_depth or max_leaves: with both 0 the trees would grow without bound",
        name));
  }
}

}  // namespace

BoostedTreesParams TrainingConfig::LeafwiseDefaults() {
  BoostedTreesParams params;
  params.max_depth = 0;
  params.max_leaves = 31;
  return params;
}

void TrainingConfig::Validate() const {
  config::CheckSettings(*this, "train");
  CheckTreesAreBounded("xgboost", xgboost);
  CheckTreesAreBounded("xgboost_leafwise", xgboost_leafwise);
}

}  // namespace churn::model

#pragma once
// The stages behind the subcommands, in data-flow order, and whether each one
// is built yet. A stage that a later issue delivers says so plainly: `run`
// and the subcommand report it instead of faking a result.

#include <string_view>
#include <vector>

namespace churn::app {

struct PipelineStage {
  std::string_view name;     // the subcommand
  std::string_view purpose;  // what it produces
  std::string_view issue;    // the issue that delivers it
  bool built = false;
  bool in_run = false;  // part of what `churn-radar run` chains
};

// Every stage, in data-flow order.
const std::vector<PipelineStage>& PipelineStages();

// Throws NotBuiltError "'<name>' is not built yet (<purpose>: <issue>)".
[[noreturn]] void ThrowNotBuilt(const PipelineStage& stage);

// The stage of a subcommand; InternalError for an unknown name.
const PipelineStage& StageNamed(std::string_view name);

}  // namespace churn::app

#pragma once
// The stages that `run` chains, in data-flow order, and whether each one is
// built yet. A stage that a later issue delivers says so plainly: `run` and
// the subcommand report it instead of faking a result.

#include <string_view>
#include <vector>

namespace churn::app {

struct PipelineStage {
  std::string_view name;     // the subcommand
  std::string_view purpose;  // what it produces
  std::string_view issue;    // the issue that delivers it
  bool built = false;
};

// features, train, explain: what `churn-radar run` chains.
const std::vector<PipelineStage>& RunStages();

// Throws NotBuiltError "<name> is not built yet: <purpose> arrives with <issue>".
[[noreturn]] void ReportNotBuilt(const PipelineStage& stage);

// The stage of a subcommand that is not built yet (predict, serve, ...).
const PipelineStage& StageNamed(std::string_view name);

}  // namespace churn::app

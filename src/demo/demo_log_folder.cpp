#include "demo/demo_log_folder.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <string>

#include "errors/error.h"
#include "events/display_path.h"
#include "events/temporary_name.h"

namespace churn::demo {
namespace {

std::string FileNames(const std::vector<events::MonthlyLog>& logs) {
  std::vector<std::string> names;
  names.reserve(logs.size());
  for (const events::MonthlyLog& log : logs) {
    names.push_back(log.path.filename().string());
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

DemoFolderOutcome WriteDemoLogsInto(const DemoConfig& config, const std::filesystem::path& folder,
                                    ExistingLogs existing, const DemoProgress& progress) {
  DemoFolderOutcome outcome;
  // The staging folder of a demo that was killed (gigabytes at full size) is
  // removed whatever this one does.
  events::RemoveStaleTemporaries(folder);
  std::vector<events::MonthlyLog> there = events::ListMonthlyLogFiles(folder);
  if (!there.empty() && existing == ExistingLogs::kKeep) {
    spdlog::info("{} already holds {} monthly logs ({}); keeping them (--if-missing)",
                 events::DisplayPath(folder), there.size(), FileNames(there));
    outcome.kept = std::move(there);
    return outcome;
  }
  if (!there.empty() && existing == ExistingLogs::kRefuse) {
    throw InputError(fmt::format(
        "{} already holds {} monthly logs ({}); pass --force to replace them with the demo, or "
        "--if-missing to keep them",
        events::DisplayPath(folder), there.size(), FileNames(there)));
  }
  spdlog::info("generating {} monthly logs of demo events for {} users into {}", config.months,
               config.users, events::DisplayPath(folder));
  outcome.report = GenerateDemoLogs(config, folder, progress);
  outcome.generated = true;
  return outcome;
}

}  // namespace churn::demo

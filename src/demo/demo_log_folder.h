#pragma once
// The demo logs written into a folder, `churn-radar make-dataset --demo`:
// never silently over logs already there, which the caller keeps, replaces
// or refuses. The staging folder of a demo that was killed is removed first,
// whatever it does. Prints nothing on stdout; notes go to spdlog.
//
//   DemoFolderOutcome outcome =
//       WriteDemoLogsInto(config, "data/raw", ExistingLogs::kKeep, progress);
//   if (outcome.generated) { outcome.report.events ... }

#include <filesystem>
#include <vector>

#include "demo/demo_config.h"
#include "demo/demo_log_generator.h"
#include "events/log_discovery.h"

namespace churn::demo {

// What to do when the folder already holds monthly logs.
enum class ExistingLogs {
  kRefuse,   // throw InputError naming them (the default: never over real data)
  kKeep,     // keep them and generate nothing (--if-missing)
  kReplace,  // generate and replace them (--force)
};

struct DemoFolderOutcome {
  bool generated = false;
  DemoReport report;                     // when generated
  std::vector<events::MonthlyLog> kept;  // the logs kept instead
};

DemoFolderOutcome WriteDemoLogsInto(const DemoConfig& config, const std::filesystem::path& folder,
                                    ExistingLogs existing, const DemoProgress& progress = {});

}  // namespace churn::demo

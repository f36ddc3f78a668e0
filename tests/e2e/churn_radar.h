#pragma once
// Runs the churn-radar binary built by this tree, from a given folder, and
// finds the demo runs that ctest fixtures made (churn_add_demo_run).

#include <filesystem>
#include <string>

#include "testing/command.h"
#include "testing/temp_dir.h"

namespace churn::e2e {

// Runs `churn-radar <arguments>` with `folder` as the working directory.
inline testing::CommandResult ChurnRadar(const std::string& arguments,
                                         const std::filesystem::path& folder = ".") {
  return testing::RunCommand("cd '" + folder.string() + "' && '" CHURN_RADAR_BINARY "' " +
                             arguments);
}

// The folder of the fixture `name`'s demo run, made once per ctest run.
inline std::filesystem::path DemoRun(const std::string& name) {
  return std::filesystem::path(CHURN_DEMO_RUNS_DIR) / name;
}

// What step `step` (from 1) of the fixture's run printed. The fixture fails
// when a step fails, so its exit code was 0.
inline testing::CommandResult DemoRunStep(const std::string& name, int step) {
  std::filesystem::path folder = DemoRun(name);
  std::string stem = "step_" + std::to_string(step);
  return {.exit_code = 0,
          .out = testing::ReadTextFile(folder / (stem + ".out")),
          .err = testing::ReadTextFile(folder / (stem + ".err"))};
}

// A copy of the fixture's demo run in `folder`, for tests that write into it.
inline void CopyDemoRun(const std::string& name, const std::filesystem::path& folder) {
  std::filesystem::copy(DemoRun(name), folder, std::filesystem::copy_options::recursive);
}

}  // namespace churn::e2e

#pragma once
// Runs the churn-radar binary built by this tree, from a given folder.

#include <filesystem>
#include <string>

#include "testing/command.h"

namespace churn::e2e {

// Runs `churn-radar <arguments>` with `folder` as the working directory.
inline testing::CommandResult ChurnRadar(const std::string& arguments,
                                         const std::filesystem::path& folder = ".") {
  return testing::RunCommand("cd '" + folder.string() + "' && '" CHURN_RADAR_BINARY "' " +
                             arguments);
}

}  // namespace churn::e2e

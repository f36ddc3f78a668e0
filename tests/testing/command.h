#pragma once
// Runs a command line through /bin/sh and captures what it printed, for the
// end-to-end tests that drive churn-radar as a user would.

#include <string>

namespace churn::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs command with stdout and stderr captured separately.
CommandResult RunCommand(const std::string& command);

}  // namespace churn::testing

#pragma once
// The command line of churn-radar (CLI11): subcommands, their options and
// --help for each. Parsing either yields an Invocation or ends the program
// with an exit code (after --help, --version or a usage error).

#include <variant>

#include "app/exit_code.h"
#include "app/invocation.h"

namespace churn::app {

// Parses argv. Help and version text go to stdout; a usage error prints one
// line and a pointer to --help on stderr and yields ExitCode::kUsageError.
std::variant<Invocation, ExitCode> ParseCommandLine(int argc, char** argv);

}  // namespace churn::app

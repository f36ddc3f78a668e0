#pragma once
// The documented exit codes of churn-radar.

#include <string_view>

namespace churn::app {

enum class ExitCode : int {
  kOk = 0,
  kRuntimeError = 1,  // bad config, bad input, I/O failure: one line on stderr
  kUsageError = 2,    // bad command line: the message and a pointer to --help
};

inline int ToInt(ExitCode code) {
  return static_cast<int>(code);
}

// The line after every usage error.
inline constexpr std::string_view kUsageHint =
    "Run 'churn-radar --help' or 'churn-radar <command> --help' for usage.";

}  // namespace churn::app

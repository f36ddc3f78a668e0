#include "testing/command.h"

#include <stdio.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

#include "testing/temp_dir.h"

namespace churn::testing {

CommandResult RunCommand(const std::string& command) {
  TempDir capture;
  std::filesystem::path out_path = capture / "stdout";
  std::filesystem::path err_path = capture / "stderr";
  std::string shell_line =
      "(" + command + ") >'" + out_path.string() + "' 2>'" + err_path.string() + "' </dev/null";
  int status = std::system(shell_line.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadTextFile(out_path);
  result.err = ReadTextFile(err_path);
  return result;
}

}  // namespace churn::testing

// libFuzzer target: a config file, read by config_file::LoadConfigFile as
// `churn-radar --config` reads it. A file is either read or refused with a
// ConfigError that names where; any other exception (a YAML library error,
// a standard exception) or a crash is a finding.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "config_file/config_file.h"
#include "errors/error.h"

namespace {

// The file each input is written to: LoadConfigFile reads a path, as the
// command line gives it. One per process, so parallel fuzzers do not share it.
const std::filesystem::path& ConfigPath() {
  static const std::filesystem::path kPath = [] {
    std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                   ("churn_config_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    return folder / "config.yaml";
  }();
  return kPath;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream file(ConfigPath(), std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    churn::config_file::LoadConfigFile(ConfigPath());
  } catch (const churn::ConfigError& error) {
    if (std::string_view(error.what()).empty()) {
      std::abort();
    }
  }
  return 0;
}

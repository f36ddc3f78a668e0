#pragma once
// Reads configs/config.yaml into an AppConfig. Every key is checked: an
// unknown one is an error that names the closest valid key, a wrong type or
// an out-of-range value is an error that names the key and its line. Relative
// paths resolve against the config file's folder, so the tool gives the same
// result from any working directory.

#include <filesystem>

#include "config_file/app_config.h"

namespace churn::config_file {

inline constexpr std::string_view kDefaultConfigPath = "configs/config.yaml";

// Throws ConfigError (bad content) or IoError (cannot read the file).
AppConfig LoadConfigFile(const std::filesystem::path& path);

}  // namespace churn::config_file

#pragma once
// Paths as a user wants to read them: relative to the working directory when
// they lie below it, absolute otherwise.

#include <filesystem>
#include <string>

namespace churn::events {

std::string DisplayPath(const std::filesystem::path& path);

}  // namespace churn::events

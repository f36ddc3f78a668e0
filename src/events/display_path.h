#pragma once
// Paths as a user wants to read them: relative to the working directory when
// they lie below it, absolute otherwise; a name's bytes that are not UTF-8
// shown as U+FFFD and its control characters escaped (ReadableText), so that
// a message holding it stays one valid line.

#include <filesystem>
#include <string>

namespace churn::events {

std::string DisplayPath(const std::filesystem::path& path);

}  // namespace churn::events

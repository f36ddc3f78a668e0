#pragma once
// The whole content of a small file (a report, a model, a token, a page of
// the dashboard), or nullopt when it cannot be opened, so that each caller
// says in its own words what is missing and what makes it.
//
//   std::optional<std::string> text = ReadWholeFile(path);
//   if (!text) throw InputError(path.string() + " is missing: run `churn-radar train` first");

#include <filesystem>
#include <optional>
#include <string>

namespace churn::events {

std::optional<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace churn::events

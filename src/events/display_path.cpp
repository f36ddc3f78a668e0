#include "events/display_path.h"

#include <system_error>

#include "events/readable_text.h"

namespace churn::events {

namespace {

std::string ShownAs(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error) {
    return path.string();
  }
  std::filesystem::path relative =
      absolute.lexically_normal().lexically_relative(std::filesystem::current_path(error));
  if (error || relative.empty() || *relative.begin() == "..") {
    return absolute.lexically_normal().string();
  }
  return relative.string();
}

}  // namespace

std::string DisplayPath(const std::filesystem::path& path) {
  return ReadableText(ShownAs(path));
}

}  // namespace churn::events

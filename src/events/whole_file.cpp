#include "events/whole_file.h"

#include <fstream>
#include <sstream>

namespace churn::events {

std::optional<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace churn::events

#include "server/web_assets.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "errors/error.h"
#include "events/whole_file.h"

namespace churn::server {
namespace {

std::string ReadAsset(const std::filesystem::path& path) {
  std::optional<std::string> text = events::ReadWholeFile(path);
  if (!text) {
    throw IoError(fmt::format("cannot read the dashboard file {}", path.string()));
  }
  return std::move(*text);
}

}  // namespace

std::string_view ContentTypeFor(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  std::string extension = file.extension().string();
  for (const auto& [suffix, type] : kTypes) {
    if (suffix == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

WebAssets WebAssets::Load(const std::filesystem::path& root) {
  if (!std::filesystem::is_regular_file(root / "index.html")) {
    throw IoError(fmt::format(
        "the dashboard's files are not in {} (no index.html): build the project (make binary), "
        "or set server.web_dir",
        root.string()));
  }
  WebAssets assets;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.is_symlink()) {
      continue;
    }
    std::string url(1, '/');
    url.append(entry.path().lexically_relative(root).generic_string());
    assets.files_.emplace(std::move(url), WebAsset{.content = ReadAsset(entry.path()),
                                                   .content_type = ContentTypeFor(entry.path())});
  }
  return assets;
}

const WebAsset* WebAssets::Find(std::string_view request_path) const {
  if (request_path == "/") {
    request_path = "/index.html";
  }
  auto file = files_.find(request_path);
  return file == files_.end() ? nullptr : &file->second;
}

std::filesystem::path DefaultWebRoot() {
  std::error_code error;
  std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    throw IoError(fmt::format(
        "cannot find the running binary ({}) to locate the dashboard; set server.web_dir",
        error.message()));
  }
  return (binary.parent_path() / ".." / "share" / "churn-radar" / "web").lexically_normal();
}

}  // namespace churn::server

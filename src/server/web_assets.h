#pragma once
// The dashboard's files (HTML, scripts, styles, the chart library), read
// into memory once at start. A request is answered only by an exact match
// of its path against the files found then, so no path (`..`, encoded
// slashes, links) can ever reach a file outside the folder.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace churn::server {

struct WebAsset {
  std::string content;
  std::string_view content_type;
};

class WebAssets {
 public:
  // Reads every regular file under `root` (symbolic links are skipped).
  // Throws IoError when `root` holds no index.html.
  static WebAssets Load(const std::filesystem::path& root);

  // The file for a request path ("/" is index.html); nullptr when none.
  const WebAsset* Find(std::string_view request_path) const;

  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, WebAsset, std::less<>> files_;  // by URL path, "/app.js"
};

// share/churn-radar/web beside the running binary (bin/churn-radar), where
// the build and `cmake --install` put the dashboard.
std::filesystem::path DefaultWebRoot();

// "text/html; charset=utf-8" for .html, and so on; octet-stream otherwise.
std::string_view ContentTypeFor(const std::filesystem::path& file);

}  // namespace churn::server

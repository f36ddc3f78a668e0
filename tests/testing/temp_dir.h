#pragma once
// A fresh folder under the system's temporary directory, removed with
// everything in it when the TempDir goes out of scope.

#include <filesystem>
#include <string>
#include <string_view>

namespace churn::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes text to path (creating parent folders) and returns the path.
std::filesystem::path WriteTextFile(const std::filesystem::path& path, std::string_view text);

// The whole content of a plain text file.
std::string ReadTextFile(const std::filesystem::path& path);

}  // namespace churn::testing

#pragma once
// CsvHeader finds columns by name in a log's header line, so that column order
// never matters and a missing column is reported by name.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace churn::events {

class CsvHeader {
 public:
  // Parses the header line (CSV, names trimmed of spaces and a UTF-8 BOM).
  // Throws InputError naming the path if the line is not valid CSV.
  CsvHeader(std::string_view line, std::filesystem::path path);

  std::optional<std::size_t> Find(std::string_view name) const;
  // Like Find, but throws InputError "<path>: line 1: no column 'x' (columns: ...)".
  std::size_t Require(std::string_view name) const;
  // True if line is this same header again (a repeated header mid-file).
  bool Matches(std::string_view line) const;

  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  // The file the header came from, for messages about its columns.
  const std::filesystem::path& path() const { return path_; }

 private:
  std::vector<std::string> names_;
  std::string line_;
  std::filesystem::path path_;
};

}  // namespace churn::events

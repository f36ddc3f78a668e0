#include "events/log_discovery.h"

#include <fmt/format.h>
#include <glob.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string_view>
#include <system_error>
#include <tuple>

#include "errors/error.h"
#include "events/readable_text.h"

namespace churn::events {
namespace {

constexpr std::array<std::string_view, 3> kLogSuffixes = {".csv", ".csv.gz", ".csv.zst"};
constexpr std::string_view kExpectedNames = "2019-Oct.csv, 2019-Nov.csv.gz";

// Frees glob(3)'s result however the scan ends.
class GlobMatches {
 public:
  explicit GlobMatches(const std::string& pattern) {
    const int status = ::glob(pattern.c_str(), 0, nullptr, &matches_);
    if (status != 0 && status != GLOB_NOMATCH) {
      throw IoError(fmt::format("{}: cannot expand the pattern (glob error {})",
                                ReadableText(pattern), status));
    }
  }
  ~GlobMatches() { ::globfree(&matches_); }
  GlobMatches(const GlobMatches&) = delete;
  GlobMatches& operator=(const GlobMatches&) = delete;

  std::vector<std::filesystem::path> Paths() const {
    return {matches_.gl_pathv, matches_.gl_pathv + matches_.gl_pathc};
  }

 private:
  glob_t matches_{};
};

// subject names the file in the error, with how it was found.
MonthlyLog RequireMonthlyLog(const std::filesystem::path& path, std::string_view subject) {
  std::optional<YearMonth> month = MonthOfLogFile(path);
  if (!month) {
    throw InputError(fmt::format("{}: not named like a monthly log (expected names like {})",
                                 ReadableText(subject), kExpectedNames));
  }
  return MonthlyLog{*month, path};
}

std::vector<MonthlyLog> LogsMatching(const std::string& pattern) {
  std::vector<MonthlyLog> logs;
  for (const std::filesystem::path& path : GlobMatches(pattern).Paths()) {
    logs.push_back(
        RequireMonthlyLog(path, fmt::format("{} (matched by {})", path.string(), pattern)));
  }
  return logs;
}

void SortByMonthThenPath(std::vector<MonthlyLog>* logs) {
  std::sort(logs->begin(), logs->end(), [](const MonthlyLog& left, const MonthlyLog& right) {
    return std::tie(left.month, left.path) < std::tie(right.month, right.path);
  });
}

// Orders logs by month and rejects two logs of one month, which would count
// that month's events twice.
void SortByMonth(std::vector<MonthlyLog>* logs) {
  SortByMonthThenPath(logs);
  const auto same_month = std::adjacent_find(
      logs->begin(), logs->end(),
      [](const MonthlyLog& left, const MonthlyLog& right) { return left.month == right.month; });
  if (same_month != logs->end()) {
    throw InputError(fmt::format("two logs for {}: {} and {}; keep one",
                                 same_month->month.FileStem(),
                                 ReadableText(same_month->path.string()),
                                 ReadableText(std::next(same_month)->path.string())));
  }
}

// True when the configured place holds no log at all, the case where a hint
// at the next step helps; a glob's own error says what matched.
bool HoldsNoLogs(const std::string& folder_file_or_glob) {
  if (HasGlobCharacters(folder_file_or_glob)) {
    return false;
  }
  std::filesystem::path place = folder_file_or_glob;
  return !std::filesystem::exists(place) ||
         (std::filesystem::is_directory(place) && ListMonthlyLogFiles(place).empty());
}

}  // namespace

std::optional<YearMonth> MonthOfLogFile(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  for (std::string_view suffix : kLogSuffixes) {
    if (name.size() > suffix.size() && std::string_view(name).ends_with(suffix)) {
      return YearMonth::Parse(std::string_view(name).substr(0, name.size() - suffix.size()));
    }
  }
  return std::nullopt;
}

bool HasGlobCharacters(std::string_view text) {
  return text.find_first_of("*?[") != std::string_view::npos;
}

std::vector<MonthlyLog> ListMonthlyLogFiles(const std::filesystem::path& folder) {
  std::vector<MonthlyLog> logs;
  std::error_code error;
  std::filesystem::directory_iterator entries(folder, error);
  if (error == std::errc::no_such_file_or_directory) {
    return logs;
  }
  for (; !error && entries != std::filesystem::directory_iterator(); entries.increment(error)) {
    std::error_code type_error;
    if (!entries->is_regular_file(type_error)) {
      continue;
    }
    if (std::optional<YearMonth> month = MonthOfLogFile(entries->path())) {
      logs.push_back(MonthlyLog{*month, entries->path()});
    }
  }
  if (error) {
    throw IoError(fmt::format("{}: cannot list the folder ({})", ReadableText(folder.string()),
                              error.message()));
  }
  // All share the folder, so ordering by path orders by name.
  SortByMonthThenPath(&logs);
  return logs;
}

std::vector<MonthlyLog> DiscoverMonthlyLogs(const std::string& folder_file_or_glob) {
  const std::filesystem::path path(folder_file_or_glob);
  std::error_code error;
  std::vector<MonthlyLog> logs;
  if (std::filesystem::is_directory(path, error)) {
    logs = ListMonthlyLogFiles(path);
  } else if (std::filesystem::is_regular_file(path, error)) {
    logs.push_back(RequireMonthlyLog(path, path.string()));
  } else if (HasGlobCharacters(folder_file_or_glob)) {
    logs = LogsMatching(folder_file_or_glob);
  } else if (!std::filesystem::exists(path, error)) {
    throw InputError(fmt::format("{}: no such file or folder", ReadableText(folder_file_or_glob)));
  } else {
    throw InputError(fmt::format("{}: not a file or folder", ReadableText(folder_file_or_glob)));
  }
  if (logs.empty()) {
    throw InputError(fmt::format("no monthly logs found in {} (expected files named like {})",
                                 ReadableText(folder_file_or_glob), kExpectedNames));
  }
  SortByMonth(&logs);
  return logs;
}

std::vector<std::filesystem::path> ExpandLogInputs(const std::vector<std::string>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const std::string& input : inputs) {
    if (HasGlobCharacters(input) || std::filesystem::is_directory(input)) {
      for (const MonthlyLog& log : DiscoverMonthlyLogs(input)) {
        files.push_back(log.path);
      }
    } else if (std::filesystem::is_regular_file(input)) {
      files.emplace_back(input);
    } else {
      throw InputError(fmt::format("--input: no such file or folder: {}", ReadableText(input)));
    }
  }
  return files;
}

std::vector<MonthlyLog> DiscoverLogsToRun(const std::string& folder_file_or_glob,
                                          std::string_view hint_if_none) {
  std::filesystem::path place = folder_file_or_glob;
  if (std::filesystem::is_regular_file(place) && !MonthOfLogFile(place)) {
    return {};
  }
  try {
    return DiscoverMonthlyLogs(folder_file_or_glob);
  } catch (const InputError& error) {
    if (!HoldsNoLogs(folder_file_or_glob)) {
      throw;
    }
    throw InputError(fmt::format("{}; {}", error.what(), hint_if_none));
  }
}

}  // namespace churn::events

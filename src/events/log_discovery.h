#pragma once
// Finds monthly event logs from what a user names: a folder (its files named
// like "2019-Oct.csv", "2019-Nov.csv.gz", "2019-Dec.csv.zst"; other files are
// ignored), a glob ("logs/2019-*.csv.gz"; every match must carry a month in
// its name), or one file. The result is ordered by month.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/year_month.h"

namespace churn::events {

struct MonthlyLog {
  YearMonth month;
  std::filesystem::path path;
};

// The month in a log's file name: "2019-Oct.csv.gz" and "2019-10.csv" give
// 2019-10; a name with no month gives nullopt. Only ".csv", ".csv.gz" and
// ".csv.zst" names are logs.
std::optional<YearMonth> MonthOfLogFile(const std::filesystem::path& path);

// True when text holds a glob(7) wildcard ('*', '?' or '['), so it is a pattern.
bool HasGlobCharacters(std::string_view text);

// Every file directly in folder whose name carries a month (MonthOfLogFile),
// any compression, sorted by month then name; duplicates for one month are all
// listed. Empty when the folder does not exist or holds no such file. Throws
// IoError if the folder cannot be read.
std::vector<MonthlyLog> ListMonthlyLogFiles(const std::filesystem::path& folder);

// Throws InputError when nothing is found, when a globbed or named file has no
// month in its name, or when two files claim the same month.
std::vector<MonthlyLog> DiscoverMonthlyLogs(const std::string& folder_file_or_glob);

// The logs a run reads: empty for one file with no month in its name (the
// feature stage then takes its span from the events), else
// DiscoverMonthlyLogs. When the place holds no log at all (a missing or empty
// folder, not a glob), the InputError ends with "; " and `hint_if_none`, the
// likely next step.
std::vector<MonthlyLog> DiscoverLogsToRun(const std::string& folder_file_or_glob,
                                          std::string_view hint_if_none);

// The files named by each input: a folder's or a glob's monthly logs
// (DiscoverMonthlyLogs), or the file itself. Throws InputError for an input
// that names nothing.
std::vector<std::filesystem::path> ExpandLogInputs(const std::vector<std::string>& inputs);

}  // namespace churn::events

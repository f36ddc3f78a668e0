#include "report/scored_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <system_error>

#include "errors/error.h"
#include "events/csv_field.h"
#include "events/display_path.h"
#include "events/line_reader.h"
#include "report/reason_columns.h"

namespace churn::report {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kScoreColumns = "user_id,snapshot,probability,flagged,risk_band";
constexpr std::string_view kEarlierScoreColumns = "user_id,probability,label,risk_band";
constexpr std::array<std::string_view, 5> kScoreColumnNames = {"user_id", "snapshot", "probability",
                                                               "flagged", "risk_band"};
constexpr std::string_view kReasonPrefix = "reason_";  // as ReasonColumnsHeader names them

// True when `path` is `folder` or lies below it, whatever the names say.
bool IsWithin(const fs::path& path, const fs::path& folder) {
  std::error_code error;
  fs::path inside = fs::weakly_canonical(fs::absolute(path), error);
  fs::path outer = fs::weakly_canonical(fs::absolute(folder), error);
  if (error) {
    return false;
  }
  for (fs::path at = inside; !at.empty(); at = at.parent_path()) {
    if (fs::equivalent(at, outer, error)) {
      return true;
    }
    if (at == at.root_path()) {
      break;
    }
  }
  return false;
}

bool SameFile(const fs::path& left, const fs::path& right) {
  std::error_code error;
  return fs::equivalent(left, right, error) && !error;
}

}  // namespace

void CheckScoredFileTarget(const ScoredFileTarget& target) {
  std::string output = events::DisplayPath(target.output);
  if (SameFile(target.output, target.input)) {
    throw UsageError(fmt::format(
        "--output {} is the input file itself: writing the scores would replace the data they "
        "come from; give another --output",
        output));
  }
  if (fs::is_directory(target.input) && IsWithin(target.output, target.input)) {
    throw UsageError(fmt::format(
        "--output {} is inside the logs folder being scored ({}), where later runs would read it "
        "as logs; give an --output outside it",
        output, events::DisplayPath(target.input)));
  }
  if (IsWithin(target.output, target.models_dir)) {
    throw UsageError(fmt::format(
        "--output {} is in the models folder ({}), which holds the model itself; give an "
        "--output outside it",
        output, events::DisplayPath(target.models_dir)));
  }
  if (fs::is_directory(target.output)) {
    throw UsageError(fmt::format("--output {} is a folder; give a file name", output));
  }
  std::error_code error;
  bool exists = fs::exists(target.output, error);
  if (!exists || target.force || fs::file_size(target.output, error) == 0 ||
      IsScoredFile(target.output)) {
    return;
  }
  throw UsageError(fmt::format(
      "--output {} exists and is not a file predict wrote: pass --force to replace it, or give "
      "another --output",
      output));
}

std::string ScoredFileHeader(std::size_t reasons, const std::vector<std::string>& other_columns) {
  std::string header = std::string(kScoreColumns) + ReasonColumnsHeader(reasons);
  for (const std::string& name : other_columns) {
    header += ',';
    events::AppendCsvField(name, &header);  // a name may hold a comma or a quote
  }
  return header;
}

bool IsScoredFile(const fs::path& path) {
  try {
    events::LineReader reader(path);
    std::string_view line;
    if (!reader.Next(&line)) {
      return false;
    }
    return line.starts_with(kScoreColumns) || line.starts_with(kEarlierScoreColumns);
  } catch (const Error&) {
    return false;  // unreadable: not known to be ours
  }
}

void CheckOtherColumns(const fs::path& input, const std::vector<std::string>& other_columns) {
  for (const std::string& name : other_columns) {
    bool clashes =
        std::find(kScoreColumnNames.begin(), kScoreColumnNames.end(), name) !=
            kScoreColumnNames.end() ||
        (name.size() > kReasonPrefix.size() && name.starts_with(kReasonPrefix) &&
         name.find_first_not_of("0123456789", kReasonPrefix.size()) == std::string::npos);
    if (clashes) {
      throw InputError(fmt::format(
          "{}: line 1: column '{}' has the name of one of the scores' own columns; rename it to "
          "keep it in the scores",
          input.string(), name));
    }
  }
}

}  // namespace churn::report

#include "scoring/scoring_files.h"

#include <algorithm>
#include <system_error>

#include "events/event_time.h"

namespace churn::scoring {

std::filesystem::path ScoringFolder(const std::filesystem::path& scores_dir,
                                    std::string_view as_of) {
  return scores_dir / std::string(as_of);
}

std::vector<std::string> ListScorings(const std::filesystem::path& scores_dir) {
  std::vector<std::string> dates;
  std::error_code error;
  for (const std::filesystem::directory_entry& entry :
       std::filesystem::directory_iterator(scores_dir, error)) {
    std::string name = entry.path().filename().string();
    bool dated = name.size() == 10 && events::ParseEventTime(name + " 00:00:00 UTC").has_value();
    if (dated && std::filesystem::is_regular_file(entry.path() / kScoringSummaryFile)) {
      dates.push_back(std::move(name));
    }
  }
  std::sort(dates.begin(), dates.end());
  return dates;
}

std::optional<std::string> LatestScoring(const std::filesystem::path& scores_dir) {
  std::vector<std::string> dates = ListScorings(scores_dir);
  if (dates.empty()) {
    return std::nullopt;
  }
  return dates.back();
}

}  // namespace churn::scoring

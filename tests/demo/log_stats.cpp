#include "log_stats.h"

#include <regex>

#include "events/csv_line_splitter.h"
#include "events/event_time.h"
#include "events/line_reader.h"
#include "events/log_discovery.h"
#include "events/rees46_row.h"

namespace churn::demo::testing {
namespace {

constexpr std::size_t kRees46FieldCount = 9;

void CheckRow(std::span<const std::string_view> fields, const std::string& where, LogStats& stats) {
  static const std::regex kCategoryId("[0-9]{19}");
  static const std::regex kPrice("[0-9]+\\.[0-9]{2}");
  static const std::regex kUuid(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  auto fail = [&](std::string_view what) {
    stats.schema_errors.push_back(where + ": " + std::string(what));
  };
  if (fields.size() != kRees46FieldCount) {
    return fail("wrong field count");
  }
  if (fields[0].size() != events::kEventTimeLength || !events::ParseEventTime(fields[0])) {
    fail("bad event_time");
  }
  if (!events::ParseEventType(fields[1])) {
    fail("bad event_type");
  }
  if (!std::regex_match(fields[3].begin(), fields[3].end(), kCategoryId)) {
    fail("category_id is not 19 digits");
  }
  if (!std::regex_match(fields[6].begin(), fields[6].end(), kPrice)) {
    fail("bad price");
  }
  if (!std::regex_match(fields[8].begin(), fields[8].end(), kUuid)) {
    fail("user_session is not a UUID");
  }
}

void ReadFile(const events::MonthlyLog& log, LogStats& stats) {
  events::LineReader reader(log.path);
  events::CsvLineSplitter splitter;
  std::string_view line;
  std::set<std::string>& month_users = stats.users_by_month.emplace_back();
  if (!reader.Next(&line) || line != events::kRees46Header) {
    stats.schema_errors.push_back(log.path.string() + ": bad header");
  }
  std::int64_t previous = 0;
  while (reader.Next(&line)) {
    auto fields = splitter.Split(line);
    std::string where = log.path.filename().string() + ":" + std::to_string(reader.line_number());
    if (!fields) {
      stats.schema_errors.push_back(where + ": unreadable");
      continue;
    }
    constexpr std::int64_t kRowsCheckedInDepth = 2000;  // std::regex is slow under sanitizers
    if (reader.line_number() <= kRowsCheckedInDepth) {
      CheckRow(*fields, where, stats);
    }
    if (stats.schema_errors.size() > 20 || fields->size() != kRees46FieldCount) {
      continue;
    }
    std::int64_t time = events::ParseEventTime((*fields)[0]).value_or(0);
    stats.out_of_order += time < previous ? 1 : 0;
    stats.outside_month +=
        (time < log.month.FirstSecond() || time >= log.month.EndSecond()) ? 1 : 0;
    previous = time;
    auto type = events::ParseEventType((*fields)[1]).value_or(events::EventType::kView);
    ++stats.rows;
    ++stats.by_type[static_cast<std::size_t>(type)];
    stats.empty_category_codes += (*fields)[4].empty() ? 1 : 0;
    stats.empty_brands += (*fields)[5].empty() ? 1 : 0;
    if (type == events::EventType::kView) {
      ++stats.views_by_product[std::string((*fields)[2])];
    }
    std::string user((*fields)[7]);
    UserActivity& activity = stats.users[user];
    activity.times.push_back(time);
    activity.sessions.emplace((*fields)[8]);
    activity.purchases += type == events::EventType::kPurchase ? 1 : 0;
    month_users.insert(user);
  }
}

}  // namespace

LogStats ReadDemoLogs(const std::filesystem::path& folder) {
  LogStats stats;
  for (const events::MonthlyLog& log : events::DiscoverMonthlyLogs(folder.string())) {
    ReadFile(log, stats);
  }
  return stats;
}

double ChurnShare(const LogStats& stats, std::int64_t cutoff, std::int64_t label_end) {
  std::int64_t observed = 0;
  std::int64_t churned = 0;
  for (const auto& [user, activity] : stats.users) {
    bool seen_before = false;
    bool seen_after = false;
    for (std::int64_t time : activity.times) {
      seen_before = seen_before || time < cutoff;
      seen_after = seen_after || (time >= cutoff && time < label_end);
    }
    observed += seen_before ? 1 : 0;
    churned += (seen_before && !seen_after) ? 1 : 0;
  }
  return observed > 0 ? static_cast<double>(churned) / static_cast<double>(observed) : 0.0;
}

}  // namespace churn::demo::testing

#include "log_stats.h"

#include <algorithm>

#include "events/csv_line_splitter.h"
#include "events/event_time.h"
#include "events/line_reader.h"
#include "events/log_discovery.h"
#include "events/rees46_row.h"

namespace churn::demo::testing {
namespace {

constexpr std::size_t kRees46FieldCount = 9;

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "35.79": digits, a point, two digits.
bool IsPrice(std::string_view text) {
  std::size_t point = text.find('.');
  return point != std::string_view::npos && AllDigits(text.substr(0, point)) &&
         text.size() == point + 3 && AllDigits(text.substr(point + 1));
}

// "72d76fde-8bb3-4e00-8c23-a032dfed738c": lowercase hex in 8-4-4-4-12 groups,
// version 4, RFC 4122 variant.
bool IsUuidVersion4(std::string_view text) {
  constexpr std::size_t kUuidLength = 36;
  if (text.size() != kUuidLength || text[14] != '4' ||
      std::string_view("89ab").find(text[19]) == std::string_view::npos) {
    return false;
  }
  for (std::size_t char_idx = 0; char_idx < text.size(); ++char_idx) {
    bool dash_position = char_idx == 8 || char_idx == 13 || char_idx == 18 || char_idx == 23;
    char c = text[char_idx];
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (dash_position ? c != '-' : !hex) {
      return false;
    }
  }
  return true;
}

void CheckRow(std::span<const std::string_view> fields, const std::string& where, LogStats& stats) {
  auto fail = [&](std::string_view what) {
    stats.schema_errors.push_back(where + ": " + std::string(what));
  };
  if (fields.size() != kRees46FieldCount) {
    return fail("wrong field count");
  }
  constexpr std::size_t kCategoryIdDigits = 19;
  if (fields[0].size() != events::kEventTimeLength || !events::ParseEventTime(fields[0])) {
    fail("bad event_time");
  }
  if (!events::ParseEventType(fields[1])) {
    fail("bad event_type");
  }
  if (!AllDigits(fields[2]) || !AllDigits(fields[7])) {
    fail("product_id and user_id must be integers");
  }
  if (fields[3].size() != kCategoryIdDigits || !AllDigits(fields[3])) {
    fail("category_id is not 19 digits");
  }
  if (!IsPrice(fields[6])) {
    fail("bad price");
  }
  if (!IsUuidVersion4(fields[8])) {
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
    CheckRow(*fields, where, stats);
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

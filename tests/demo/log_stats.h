#pragma once
// Reads generated demo logs back (through the events stage's own reader) and
// gathers what the generator's tests check: schema problems, time order,
// the funnel, engagement per user and activity per month.

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/event_type.h"

namespace churn::demo::testing {

struct UserActivity {
  std::vector<std::int64_t> times;  // every event, in file order
  std::set<std::string> sessions;
  std::int64_t purchases = 0;
};

struct LogStats {
  std::vector<std::string> schema_errors;  // "file:line: what"; empty when all is well
  std::int64_t out_of_order = 0;           // rows earlier than the row before them
  std::int64_t outside_month = 0;          // rows outside their file's month
  std::int64_t rows = 0;
  std::array<std::int64_t, events::kEventTypeCount> by_type{};
  std::int64_t empty_category_codes = 0;
  std::int64_t empty_brands = 0;
  std::map<std::string, std::int64_t> views_by_product;
  std::unordered_map<std::string, UserActivity> users;
  std::vector<std::set<std::string>> users_by_month;  // in file order
};

// Reads every "*.csv" file of folder, in month order.
LogStats ReadDemoLogs(const std::filesystem::path& folder);

// Share of users active before `cutoff` who have no event in [cutoff, label_end).
double ChurnShare(const LogStats& stats, std::int64_t cutoff, std::int64_t label_end);

}  // namespace churn::demo::testing

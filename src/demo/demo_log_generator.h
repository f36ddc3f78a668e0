#pragma once
// Writes the demo shop's monthly event logs in the REES46 layout, one file
// per month ("2019-Oct.csv", with ".gz" or ".zst" when asked), rows in time
// order. The generator streams day by day: memory grows with the number of
// shoppers, never with the number of events, so `--users 2000000` works on a
// small machine.
//
//   DemoReport report = GenerateDemoLogs(config, "data/raw");

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "demo/demo_config.h"
#include "events/event_type.h"
#include "events/year_month.h"

namespace churn::demo {

struct DemoMonthFile {
  events::YearMonth month;
  std::filesystem::path path;
  std::int64_t events = 0;
};

struct DemoReport {
  std::vector<DemoMonthFile> files;
  std::int64_t users = 0;         // shoppers in the population
  std::int64_t active_users = 0;  // shoppers with at least one event in the window
  std::int64_t events = 0;
  std::array<std::int64_t, events::kEventTypeCount> events_by_type{};
  std::vector<std::filesystem::path> replaced_files;  // monthly logs that were there before
  double seconds = 0;

  double EventsPerSecond() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
};

// Called after each generated day, for a progress display.
using DemoProgress = std::function<void(int days_done, int days_total)>;

// The file name of a month's demo log, e.g. "2019-Oct.csv.zst".
std::string DemoLogFileName(events::YearMonth month, events::Compression compression);

// Writes every month into a staging folder inside output_dir, then replaces
// the monthly logs already in output_dir (any month, any compression) with
// them, so the folder never holds a mix of two demos; a failure leaves it as
// it was. Callers decide whether replacing is wanted (make-dataset --force).
// Throws ConfigError for an invalid config and IoError if a file cannot be
// written.
DemoReport GenerateDemoLogs(const DemoConfig& config, const std::filesystem::path& output_dir,
                            const DemoProgress& progress = {});

}  // namespace churn::demo

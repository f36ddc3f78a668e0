#include "app/make_dataset_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/display_path.h"
#include "app/progress_line.h"
#include "demo/demo_log_generator.h"
#include "errors/error.h"
#include "events/log_discovery.h"
#include "events/user_sampler.h"

namespace churn::app {
namespace {

bool IsGlob(std::string_view text) {
  return text.find_first_of("*?[") != std::string_view::npos;
}

events::Compression CompressionNamed(const std::string& name) {
  if (name == "gz") {
    return events::Compression::kGzip;
  }
  return name == "zst" ? events::Compression::kZstd : events::Compression::kNone;
}

demo::DemoConfig DemoSettings(const AppConfig& config, const MakeDatasetOptions& options) {
  demo::DemoConfig demo = config.demo;
  demo.users = options.users.value_or(demo.users);
  demo.months = options.months.value_or(demo.months);
  demo.seed = options.seed.value_or(demo.seed);
  demo.threads = options.threads.value_or(demo.threads);
  if (options.compression) {
    demo.compression = CompressionNamed(*options.compression);
  }
  if (options.start) {
    std::optional<events::YearMonth> start = events::YearMonth::Parse(*options.start);
    if (!start) {
      throw UsageError(
          fmt::format("--start: expected a month like 2019-10, got '{}'", *options.start));
    }
    demo.start = *start;
  }
  demo.Validate();
  return demo;
}

std::filesystem::path DemoOutputFolder(const AppConfig& config, const MakeDatasetOptions& options) {
  if (options.output) {
    return *options.output;
  }
  if (IsGlob(config.logs) || std::filesystem::is_regular_file(config.logs)) {
    throw UsageError(fmt::format(
        "make-dataset --demo writes a folder of monthly logs, but the logs are configured as "
        "'{}'; pass --output DIR or --logs DIR",
        config.logs));
  }
  return config.logs;
}

std::size_t CountMonthlyLogs(const std::filesystem::path& folder) {
  if (!std::filesystem::is_directory(folder)) {
    return 0;
  }
  try {
    return events::DiscoverMonthlyLogs(folder.string()).size();
  } catch (const InputError&) {
    return 0;  // a folder without logs
  }
}

void PrintDemoReport(const demo::DemoReport& report, const std::filesystem::path& folder) {
  fmt::print("Demo logs written to {}\n", DisplayPath(folder));
  for (const demo::DemoMonthFile& file : report.files) {
    fmt::print("  {:<22} {:>12} events\n", file.path.filename().string(), file.events);
  }
  fmt::print("users: {} ({} with events in the window)\n", report.users, report.active_users);
  std::string mix;
  for (int type_idx = 0; type_idx < events::kEventTypeCount; ++type_idx) {
    double share = report.events > 0
                       ? 100.0 * static_cast<double>(report.events_by_type[type_idx]) /
                             static_cast<double>(report.events)
                       : 0.0;
    mix += fmt::format("{}{} {:.1f}%", type_idx == 0 ? "" : ", ",
                       events::EventTypeName(static_cast<events::EventType>(type_idx)), share);
  }
  fmt::print("events: {} ({})\n", report.events, mix);
  fmt::print("time: {:.2f} s ({:.2f} million events/s)\n", report.seconds,
             report.EventsPerSecond() / 1e6);
}

ExitCode MakeDemo(const AppConfig& config, const MakeDatasetOptions& options, bool quiet) {
  demo::DemoConfig demo = DemoSettings(config, options);
  std::filesystem::path folder = DemoOutputFolder(config, options);
  if (options.if_missing) {
    if (std::size_t existing = CountMonthlyLogs(folder); existing > 0) {
      spdlog::info("{} already holds {} monthly logs; keeping them (--if-missing)",
                   DisplayPath(folder), existing);
      return ExitCode::kOk;
    }
  }
  spdlog::info("generating {} months of demo logs for {} users into {}", demo.months, demo.users,
               DisplayPath(folder));
  ProgressLine progress("make-dataset", quiet);
  demo::DemoReport report = demo::GenerateDemoLogs(
      demo, folder, [&](int done, int total) { progress.Update(done, total, "day"); });
  PrintDemoReport(report, folder);
  return ExitCode::kOk;
}

std::vector<std::filesystem::path> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const std::string& input : inputs) {
    if (IsGlob(input) || std::filesystem::is_directory(input)) {
      for (const events::MonthlyLog& log : events::DiscoverMonthlyLogs(input)) {
        files.push_back(log.path);
      }
    } else if (std::filesystem::is_regular_file(input)) {
      files.emplace_back(input);
    } else {
      throw InputError(fmt::format("--input: no such file or folder: {}", input));
    }
  }
  return files;
}

ExitCode MakeSample(const MakeDatasetOptions& options) {
  if (options.inputs.empty() || !options.output) {
    throw UsageError("make-dataset --sample FRACTION needs --input FILES and --output DIR");
  }
  events::UserSampleConfig sample;
  sample.fraction = *options.sample_fraction;
  sample.seed = options.seed.value_or(sample.seed);
  sample.Validate();
  std::vector<events::SampledFile> files =
      events::SampleLogsByUser(ExpandInputs(options.inputs), *options.output, sample);
  fmt::print("Sample of {:.4g}% of users (seed {}) written to {}\n", 100.0 * sample.fraction,
             sample.seed, DisplayPath(*options.output));
  for (const events::SampledFile& file : files) {
    fmt::print("  {:<22} {:>12} rows read, {:>12} kept, {} skipped\n",
               file.input.filename().string(), file.rows_read, file.rows_kept,
               file.skipped.Total());
    for (int issue_idx = 0; issue_idx < events::kRowIssueCount; ++issue_idx) {
      auto issue = static_cast<events::RowIssue>(issue_idx);
      if (file.skipped.Count(issue) > 0) {
        fmt::print("      {}: {}\n", events::RowIssueName(issue), file.skipped.Count(issue));
      }
    }
  }
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunMakeDataset(const AppConfig& config, const MakeDatasetOptions& options, bool quiet) {
  if (options.demo) {
    return MakeDemo(config, options, quiet);
  }
  if (options.sample_fraction) {
    return MakeSample(options);
  }
  throw UsageError("make-dataset needs --demo or --sample FRACTION");
}

}  // namespace churn::app

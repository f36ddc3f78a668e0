#include "app/make_dataset_command.h"

#include <fmt/format.h>

#include "app/progress_line.h"
#include "demo/demo_log_folder.h"
#include "errors/error.h"
#include "events/compression.h"
#include "events/counted_noun.h"
#include "events/display_path.h"
#include "events/log_discovery.h"
#include "events/user_sampler.h"

namespace churn::app {
namespace {

using events::DisplayPath;

// The config's demo settings with the command line's overrides.
demo::DemoConfig DemoSettings(const config_file::AppConfig& config,
                              const MakeDatasetOptions& options) {
  demo::DemoConfig demo = config.demo;
  demo.users = options.users.value_or(demo.users);
  demo.months = options.months.value_or(demo.months);
  demo.seed = options.seed.value_or(demo.seed);
  if (options.compression) {
    demo.compression =
        events::ParseCompressionChoice(*options.compression).value_or(events::Compression::kNone);
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

std::filesystem::path DemoOutputFolder(const config_file::AppConfig& config,
                                       const MakeDatasetOptions& options) {
  if (options.output) {
    return *options.output;
  }
  if (events::HasGlobCharacters(config.logs) || std::filesystem::is_regular_file(config.logs)) {
    throw UsageError(fmt::format(
        "make-dataset --demo writes a folder of monthly logs, but the logs are configured as "
        "'{}'; pass --output DIR or --logs DIR",
        config.logs));
  }
  return config.logs;
}

void PrintDemoReport(const demo::DemoReport& report, const std::filesystem::path& folder) {
  fmt::print("Demo logs written to {}\n", DisplayPath(folder));
  if (!report.replaced_files.empty()) {
    fmt::print("  (replacing the {} already there)\n",
               events::CountedNoun(static_cast<std::int64_t>(report.replaced_files.size()),
                                   "monthly log"));
  }
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

ExitCode MakeDemo(const config_file::AppConfig& config, const MakeDatasetOptions& options,
                  bool quiet) {
  demo::DemoConfig demo = DemoSettings(config, options);
  std::filesystem::path folder = DemoOutputFolder(config, options);
  demo::ExistingLogs existing = options.force        ? demo::ExistingLogs::kReplace
                                : options.if_missing ? demo::ExistingLogs::kKeep
                                                     : demo::ExistingLogs::kRefuse;
  demo::DemoFolderOutcome outcome;
  {
    ProgressLine progress("make-dataset", quiet);  // cleared before the report prints
    outcome = demo::WriteDemoLogsInto(
        demo, folder, existing, [&](int done, int total) { progress.Update(done, total, "day"); });
  }
  if (outcome.generated) {
    PrintDemoReport(outcome.report, folder);
  }
  return ExitCode::kOk;
}

void PrintSample(const events::UserSampleConfig& sample, const std::filesystem::path& output,
                 const std::vector<events::SampledFile>& files) {
  fmt::print("Sample of {:g}% of users (seed {}) written to {}\n", 100.0 * sample.fraction,
             sample.seed, DisplayPath(output));
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
}

ExitCode MakeSample(const config_file::AppConfig& config, const MakeDatasetOptions& options,
                    bool quiet) {
  if (!options.output) {
    throw UsageError("make-dataset --sample FRACTION needs --output DIR");
  }
  // Without --input, the configured logs (or --logs) are sampled.
  std::vector<std::string> inputs = options.inputs;
  if (inputs.empty()) {
    inputs.push_back(config.logs);
  }
  events::UserSampleConfig sample;
  sample.fraction = *options.sample_fraction;
  sample.seed = options.seed.value_or(sample.seed);
  sample.Validate();
  std::vector<events::SampledFile> files;
  {
    ProgressLine progress("make-dataset", quiet);  // cleared before the report prints
    files = events::SampleLogsByUser(events::ExpandLogInputs(inputs), *options.output, sample,
                                     progress.Steps());
  }
  PrintSample(sample, *options.output, files);
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunMakeDataset(const config_file::AppConfig& config, const MakeDatasetOptions& options,
                        bool quiet) {
  if (options.demo) {
    return MakeDemo(config, options, quiet);
  }
  if (options.sample_fraction) {
    return MakeSample(config, options, quiet);
  }
  throw UsageError("make-dataset needs --demo or --sample FRACTION");
}

}  // namespace churn::app

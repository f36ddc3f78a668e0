// Throughput and memory of the feature engine on one month of at least 10
// million demo events plus the following month (so one snapshot has labels).
// The demo logs are generated once into --dir (a stamp file records the
// parameters and file sizes; a later run with the same --users reuses them),
// read once to warm the page cache, then timed in three phases:
//   scan     LineReader over the first month, like `wc -l` (lines/s)
//   stream   LogStreamer over both months into per-user histories (events/s)
//   rows     MakePartitionRows (each partition finished, its rows' stats
//            stored), FitFeatureContext, and every row's features computed
//            from the store, no CSV written (rows/s)
// and reported with the engine's events/s (stream + rows), the peak RSS and
// the peak RSS per user. Generation runs in a child process, so that its
// memory does not count in the peak.
//
//   build/release/bench/feature_engine_bench [--users 800000] [--threads N] [--repeat 3]
//                                            [--memory-limit 256MB]

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "demo/demo_log_generator.h"
#include "events/line_reader.h"
#include "features/feature_registry.h"
#include "features/fit_context.h"
#include "features/log_streamer.h"
#include "features/memory_limit.h"
#include "features/partition_rows.h"
#include "features/snapshot_plan.h"
#include "parallel/malloc_arenas.h"
#include "parallel/parallel_for.h"

namespace churn::bench {
namespace {

namespace fs = std::filesystem;

constexpr events::YearMonth kFirstMonth{2019, 10};
constexpr int kMonths = 2;
constexpr std::uint64_t kSeed = 42;

struct BenchOptions {
  std::string dir = "/tmp/churn-feature-bench";
  std::int64_t users = 800'000;  // about 10.3 M events in the first month
  int threads = 0;               // 0: every core
  int repeat = 1;
  std::string memory_limit;  // empty: none
};

// Figures of one timed run.
struct RunFigures {
  double scan_seconds = 0;
  std::int64_t lines = 0;
  std::int64_t scan_bytes = 0;
  double stream_seconds = 0;
  std::int64_t events = 0;
  std::int64_t first_month_events = 0;
  double rows_seconds = 0;
  std::int64_t rows = 0;
  std::int64_t churned = 0;
  std::int64_t users = 0;  // users the engine found (histories)
  std::int64_t history_bytes = 0;
  features::SpillReport spill;
  int threads = 0;

  double EngineSeconds() const { return stream_seconds + rows_seconds; }
};

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

std::vector<fs::path> DemoLogPaths(const BenchOptions& options) {
  std::vector<fs::path> paths;
  paths.reserve(kMonths);
  for (int month_idx = 0; month_idx < kMonths; ++month_idx) {
    paths.push_back(fs::path(options.dir) /
                    demo::DemoLogFileName(kFirstMonth.Plus(month_idx), events::Compression::kNone));
  }
  return paths;
}

// What the stamp file must hold for the logs on disk to be reused: the
// generator's parameters and the size of every monthly file.
std::string ExpectedStamp(const BenchOptions& options) {
  std::string stamp = fmt::format("users={} months={} start={} seed={}\n", options.users, kMonths,
                                  kFirstMonth.ToIsoString(), kSeed);
  for (const fs::path& path : DemoLogPaths(options)) {
    std::error_code missing;
    std::uintmax_t bytes = fs::file_size(path, missing);
    stamp += fmt::format("{} {}\n", path.filename().string(), missing ? 0 : bytes);
  }
  return stamp;
}

fs::path StampPath(const BenchOptions& options) {
  return fs::path(options.dir) / "bench-stamp.txt";
}

bool DemoLogsAreCurrent(const BenchOptions& options) {
  std::ifstream stamp(StampPath(options));
  std::string text((std::istreambuf_iterator<char>(stamp)), std::istreambuf_iterator<char>());
  return text == ExpectedStamp(options);  // empty when there is no stamp
}

// Runs in the child process: writes the demo logs and then the stamp.
int GenerateDemoLogsAndStamp(const BenchOptions& options) {
  try {
    demo::DemoConfig config;
    config.users = options.users;
    config.months = kMonths;
    config.start = kFirstMonth;
    config.seed = kSeed;
    demo::DemoReport report = demo::GenerateDemoLogs(config, options.dir);
    for (const demo::DemoMonthFile& file : report.files) {
      fmt::print("  {}: {} events\n", file.path.filename().string(), file.events);
    }
    fmt::print("  generated {} events in {:.1f} s\n", report.events, report.seconds);
    std::ofstream(StampPath(options)) << ExpectedStamp(options);
    return 0;
  } catch (const std::exception& error) {
    fmt::print(stderr, "cannot generate the demo logs: {}\n", error.what());
    return 1;
  }
}

// Generates the logs in a child process unless the stamp matches.
void EnsureDemoLogs(const BenchOptions& options) {
  if (DemoLogsAreCurrent(options)) {
    fmt::print("reusing the demo logs in {}\n", options.dir);
    return;
  }
  fmt::print("generating a {}-month demo of {} users into {}\n", kMonths, options.users,
             options.dir);
  fs::create_directories(options.dir);
  fs::remove(StampPath(options));
  std::fflush(stdout);
  pid_t child = fork();
  if (child < 0) {
    throw std::runtime_error("cannot fork the generator process");
  }
  if (child == 0) {
    int status = GenerateDemoLogsAndStamp(options);
    std::fflush(stdout);
    _exit(status);
  }
  int status = 0;
  if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
      !DemoLogsAreCurrent(options)) {
    throw std::runtime_error("the demo log generator failed");
  }
}

// Reads every file once, so that the timed phases find them in the page cache.
void WarmPageCache(const std::vector<fs::path>& paths) {
  std::vector<char> buffer(std::size_t{1} << 20);
  for (const fs::path& path : paths) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
      throw std::runtime_error("cannot open " + path.string());
    }
    while (std::fread(buffer.data(), 1, buffer.size(), file) == buffer.size()) {
    }
    std::fclose(file);
  }
}

void ScanLines(const fs::path& path, RunFigures& figures) {
  Stopwatch stopwatch;
  events::LineReader reader(path);
  std::string_view line;
  std::int64_t bytes = 0;
  while (reader.Next(&line)) {
    bytes += static_cast<std::int64_t>(line.size()) + 1;
  }
  figures.scan_seconds = stopwatch.Seconds();
  figures.lines = reader.line_number();
  figures.scan_bytes = bytes;
}

features::LogStreamer StreamLogs(const std::vector<fs::path>& paths, const BenchOptions& options,
                                 const features::SpillFolder& spill, RunFigures& figures) {
  Stopwatch stopwatch;
  features::LogStreamConfig config;
  config.threads = options.threads;
  config.memory_limit =
      options.memory_limit.empty() ? 0 : features::ResolveMemoryLimit(options.memory_limit);
  config.spill = &spill;
  features::LogStreamer streamer(config);
  for (const fs::path& path : paths) {
    streamer.Stream(path);
  }
  figures.stream_seconds = stopwatch.Seconds();
  figures.threads = streamer.threads();
  for (const features::FileReport& file : streamer.files()) {
    figures.events += file.events;
  }
  figures.first_month_events = streamer.files().front().events;
  return streamer;
}

// The snapshots of the whole months generated (the demo fills every day).
features::SnapshotPlan PlanDemoSnapshots() {
  return features::PlanSnapshots(features::ChurnDefinition(), kFirstMonth.FirstSecond(),
                                 kFirstMonth.Plus(kMonths - 1).EndSecond());
}

// Every stored row's features, as the tables would compute them.
void ComputeFeatures(const features::RowStore& store, const features::FeatureContext& context,
                     RunFigures& figures) {
  std::vector<double> values;
  features::StoredRow row;
  for (std::size_t snapshot_idx = 0; snapshot_idx < store.snapshots(); ++snapshot_idx) {
    features::RowStore::Reader reader = store.Read(snapshot_idx);
    while (reader.Next(&row)) {
      features::ComputeFeatures(row.stats, context, &values);
      ++figures.rows;
      figures.churned += row.stats.churned ? 1 : 0;
    }
  }
}

void ComputeRows(features::LogStreamer& streamer, const features::SnapshotPlan& plan,
                 const features::SpillFolder& spill, RunFigures& figures) {
  Stopwatch stopwatch;
  features::RowStore store(spill, plan.snapshots.size());
  features::PartitionRowsOutcome made =
      features::MakePartitionRows(streamer, plan, features::QualifyingEvent::kAnyEvent, store);
  features::FeatureContext context = features::FitFeatureContext(store, plan.snapshots.size(), {});
  ComputeFeatures(store, context, figures);
  figures.rows_seconds = stopwatch.Seconds();
  figures.users = made.users;
  figures.history_bytes = made.history_bytes;
  figures.spill = streamer.spill_report();
}

RunFigures RunOnce(const BenchOptions& options, const features::SnapshotPlan& plan) {
  std::vector<fs::path> paths = DemoLogPaths(options);
  RunFigures figures;
  ScanLines(paths.front(), figures);
  features::SpillFolder spill(options.dir);
  features::LogStreamer streamer = StreamLogs(paths, options, spill, figures);
  ComputeRows(streamer, plan, spill, figures);
  return figures;
}

double Ratio(double count, double per) {
  return per > 0 ? count / per : 0.0;
}

double PerSecond(std::int64_t count, double seconds) {
  return Ratio(static_cast<double>(count), seconds);
}

// The fastest run of each phase, so that one disturbed run does not count.
RunFigures BestOf(const std::vector<RunFigures>& runs) {
  RunFigures best = runs.front();
  for (const RunFigures& run : runs) {
    best.scan_seconds = std::min(best.scan_seconds, run.scan_seconds);
    best.stream_seconds = std::min(best.stream_seconds, run.stream_seconds);
    best.rows_seconds = std::min(best.rows_seconds, run.rows_seconds);
  }
  return best;
}

void PrintTable(const std::vector<RunFigures>& runs, const features::SnapshotPlan& plan) {
  const RunFigures best = BestOf(runs);
  const double million = 1e6;
  fmt::print("\n{} threads, {} snapshot(s), best of {} run(s)\n\n", best.threads,
             plan.snapshots.size(), runs.size());
  fmt::print("| phase | seconds | work | rate |\n|---|---:|---:|---:|\n");
  fmt::print(
      "| scan: LineReader, first month | {:.2f} | {:.2f} M lines | {:.1f} M lines/s, "
      "{:.2f} GB/s |\n",
      best.scan_seconds, static_cast<double>(best.lines) / million,
      PerSecond(best.lines, best.scan_seconds) / million,
      PerSecond(best.scan_bytes, best.scan_seconds) / 1e9);
  fmt::print(
      "| stream: LogStreamer, both months | {:.2f} | {:.2f} M events | {:.2f} M events/s |\n",
      best.stream_seconds, static_cast<double>(best.events) / million,
      PerSecond(best.events, best.stream_seconds) / million);
  fmt::print(
      "| rows: MakePartitionRows, FitFeatureContext, ComputeFeatures | {:.2f} | {:.3f} M rows | "
      "{:.2f} M rows/s |\n",
      best.rows_seconds, static_cast<double>(best.rows) / million,
      PerSecond(best.rows, best.rows_seconds) / million);
  fmt::print("| engine: stream + rows | {:.2f} | {:.2f} M events | **{:.2f} M events/s** |\n",
             best.EngineSeconds(), static_cast<double>(best.events) / million,
             PerSecond(best.events, best.EngineSeconds()) / million);
  const std::int64_t peak = features::PeakResidentBytes();
  fmt::print(
      "\npeak RSS {:.2f} GB: {:.0f} bytes per user ({} users, {:.1f}% of rows churned); "
      "histories {:.0f} bytes per user\n",
      static_cast<double>(peak) / 1e9,
      Ratio(static_cast<double>(peak), static_cast<double>(best.users)), best.users,
      100 * Ratio(static_cast<double>(best.churned), static_cast<double>(best.rows)),
      Ratio(static_cast<double>(best.history_bytes), static_cast<double>(best.users)));
  fmt::print("histories at most {} (budget {}); spilled {} partitions, {}\n",
             features::FormatBytes(best.spill.peak_state),
             best.spill.state_budget > 0 ? features::FormatBytes(best.spill.state_budget) : "none",
             best.spill.spilled_partitions, features::FormatBytes(best.spill.spilled_bytes));
  if (runs.size() > 1) {
    std::string engine_seconds;
    for (const RunFigures& run : runs) {
      engine_seconds += fmt::format(" {:.2f}", run.EngineSeconds());
    }
    fmt::print("engine seconds of each run:{}\n", engine_seconds);
  }
}

BenchOptions ParseOptions(int argc, char** argv, bool* exit_now, int* exit_code) {
  BenchOptions options;
  CLI::App app("Feature engine benchmark on generated demo logs");
  app.add_option("--dir", options.dir, "Folder of the demo logs, generated once and reused")
      ->capture_default_str();
  app.add_option("--users", options.users, "Shoppers in the demo population")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  app.add_option("--threads", options.threads, "Threads of the engine; 0: every core")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  app.add_option("--repeat", options.repeat, "Timed runs; the table shows the fastest")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--memory-limit", options.memory_limit,
                 "The engine's budget, e.g. 256MB; partitions beyond it spill into --dir");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    *exit_now = true;
    *exit_code = app.exit(error);
  }
  return options;
}

int RunBench(const BenchOptions& options) {
  EnsureDemoLogs(options);
  std::vector<fs::path> paths = DemoLogPaths(options);
  WarmPageCache(paths);
  for (const fs::path& path : paths) {
    fmt::print("  {}: {:.2f} GB\n", path.string(), static_cast<double>(fs::file_size(path)) / 1e9);
  }
  const features::SnapshotPlan plan = PlanDemoSnapshots();
  std::vector<RunFigures> runs;
  runs.reserve(static_cast<std::size_t>(options.repeat));
  for (int run_idx = 0; run_idx < options.repeat; ++run_idx) {
    runs.push_back(RunOnce(options, plan));
  }
  const RunFigures& first = runs.front();
  fmt::print("  first month: {} lines, {} events{}; both months: {} events\n", first.lines,
             first.first_month_events,
             first.first_month_events < 10'000'000 ? " (fewer than 10 M: raise --users)" : "",
             first.events);
  PrintTable(runs, plan);
  return 0;
}

}  // namespace
}  // namespace churn::bench

int main(int argc, char** argv) {
  churn::parallel::LimitMallocArenasToCores();  // as churn-radar's main does
  bool exit_now = false;
  int exit_code = 0;
  churn::bench::BenchOptions options =
      churn::bench::ParseOptions(argc, argv, &exit_now, &exit_code);
  if (exit_now) {
    return exit_code;
  }
  try {
    return churn::bench::RunBench(options);
  } catch (const std::exception& error) {
    fmt::print(stderr, "feature_engine_bench: {}\n", error.what());
    return 1;
  }
}

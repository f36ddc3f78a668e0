// Throughput of the demo log generator, in events per second, writing real
// files. The figure (2,000,000 users, at least 1 million events/s on
// 2 cores) is measured through the binary instead, see bench/README.md.
//
//   build/release/bench/demo_generator_bench --benchmark_min_time=1

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>

#include "demo/demo_log_generator.h"

namespace churn::demo {
namespace {

class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "churn-bench-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchFolder() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void BM_GenerateDemoLogs(benchmark::State& state) {
  DemoConfig config;
  config.users = state.range(0);
  config.threads = static_cast<int>(state.range(1));
  config.compression = static_cast<events::Compression>(state.range(2));
  config.months = 2;
  ScratchFolder folder;
  std::int64_t events = 0;
  for (auto _ : state) {
    events += GenerateDemoLogs(config, folder.path()).events;
  }
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

constexpr int kPlain = static_cast<int>(events::Compression::kNone);
constexpr int kZstd = static_cast<int>(events::Compression::kZstd);
constexpr int kGzip = static_cast<int>(events::Compression::kGzip);

BENCHMARK(BM_GenerateDemoLogs)
    ->ArgNames({"users", "threads", "compression"})
    ->Args({100000, 1, kPlain})
    ->Args({100000, 2, kPlain})
    ->Args({100000, 2, kZstd})
    ->Args({100000, 2, kGzip})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace churn::demo

BENCHMARK_MAIN();

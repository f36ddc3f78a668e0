// Throughput of LineReader, in lines/s and (uncompressed) bytes/s, over a
// generated REES46-like log of about 50 MB stored plain, as .gz and as .zst.
// The logs are written once per run into a temporary folder.
//
//   build/release/bench/line_reader_bench --benchmark_min_time=1

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <array>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "events/atomic_file_writer.h"
#include "events/event_time.h"
#include "events/line_reader.h"

namespace churn::events {
namespace {

constexpr std::size_t kLogBytes = std::size_t{50} << 20;
constexpr std::int64_t kFirstEventTime = 1569888000;  // 2019-10-01 00:00:00 UTC

// Appends one row shaped like REES46's: numbers, an often empty category code,
// a brand, a price and a session id, so that compression ratios are realistic.
void AppendRandomRow(std::int64_t event_time, std::mt19937_64* random, std::string* out) {
  static constexpr std::array<std::string_view, 4> kTypes = {"view", "view", "cart", "purchase"};
  static constexpr std::array<std::string_view, 5> kCodes = {
      "", "", "electronics.smartphone", "appliances.kitchen.washer", "apparel.shoes"};
  static constexpr std::array<std::string_view, 5> kBrands = {"", "samsung", "apple", "xiaomi",
                                                              "shiseido"};
  static constexpr std::string_view kHexDigits = "0123456789abcdef";
  const std::uint64_t bits = (*random)();
  const std::uint64_t session = (*random)();
  AppendEventTime(event_time, out);
  out->append(",").append(kTypes[bits % kTypes.size()]);
  out->append(",").append(std::to_string(1'000'000 + bits % 60'000'000));
  out->append(",").append(std::to_string(2'053'013'552'226'107'603ULL + (bits >> 20) % 1000));
  out->append(",").append(kCodes[(bits >> 8) % kCodes.size()]);
  out->append(",").append(kBrands[(bits >> 12) % kBrands.size()]);
  const std::uint64_t cents = (bits >> 16) % 100'000;
  out->append(",").append(std::to_string(cents / 100)).append(".");
  out->append(std::to_string(cents % 100 / 10)).append(std::to_string(cents % 10));
  out->append(",").append(std::to_string(512'000'000 + (bits >> 24) % 3'000'000)).append(",");
  for (int nibble_idx = 0; nibble_idx < 16; ++nibble_idx) {
    out->push_back(kHexDigits[(session >> (nibble_idx * 4)) & 0xF]);
  }
  out->append("\n");
}

std::string GenerateLog(std::size_t bytes) {
  std::mt19937_64 random(42);
  std::string text =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
      "user_session\n";
  text.reserve(bytes + 256);
  for (std::int64_t event_time = kFirstEventTime; text.size() < bytes; ++event_time) {
    AppendRandomRow(event_time, &random, &text);
  }
  return text;
}

// A temporary folder with the log in each format, removed when the run ends.
class BenchLogs {
 public:
  BenchLogs() {
    std::string pattern = (std::filesystem::temp_directory_path() / "churn-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot create a temporary folder from " + pattern);
    }
    dir_ = pattern;
    const std::string text = GenerateLog(kLogBytes);
    for (std::string_view extension : {"", ".gz", ".zst"}) {
      AtomicFileWriter writer(Path(extension));
      writer.Write(text);
      writer.Commit();
    }
  }
  ~BenchLogs() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  BenchLogs(const BenchLogs&) = delete;
  BenchLogs& operator=(const BenchLogs&) = delete;

  std::filesystem::path Path(std::string_view extension) const {
    return dir_ / ("2019-Oct.csv" + std::string(extension));
  }

 private:
  std::filesystem::path dir_;
};

const BenchLogs& Logs() {
  static const BenchLogs kLogs;
  return kLogs;
}

void BM_ReadLines(benchmark::State& state, std::string_view extension) {
  const std::filesystem::path path = Logs().Path(extension);
  std::int64_t lines = 0;
  std::int64_t text_bytes = 0;
  for (auto _ : state) {
    LineReader reader(path);
    std::string_view line;
    while (reader.Next(&line)) {
      benchmark::DoNotOptimize(line.data());
      ++lines;
      text_bytes += static_cast<std::int64_t>(line.size()) + 1;
    }
  }
  state.SetBytesProcessed(text_bytes);
  state.counters["lines/s"] =
      benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
  state.counters["file_MB"] =
      static_cast<double>(std::filesystem::file_size(path)) / static_cast<double>(1 << 20);
}

BENCHMARK_CAPTURE(BM_ReadLines, plain, std::string_view(""))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ReadLines, gzip, std::string_view(".gz"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ReadLines, zstd, std::string_view(".zst"))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace churn::events

BENCHMARK_MAIN();

// Throughput of EventRowParser, the per-line parse of the feature engine, in
// ns per line and MB/s, on one core over 100,000 REES46-like lines held in
// memory (no I/O): times a second or so apart that cross one midnight, ids of
// real lengths, a category code on a third of the rows, an empty brand on one
// in six, prices with two decimals and a session UUID. BM_KeyOf times the id
// hash alone on the same ids.
//
//   build/release/bench/event_parse_bench --benchmark_min_time=2

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "events/csv_header.h"
#include "events/event_time.h"
#include "features/column_mapping.h"
#include "features/event_row_parser.h"
#include "features/log_event.h"

namespace churn::features {
namespace {

constexpr std::size_t kLineCount = 100'000;
constexpr std::int64_t kFirstEventTime = 1569970800;  // 2019-10-01 23:00:00 UTC
constexpr std::string_view kRees46Header =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

// A version-4 UUID as REES46 writes its sessions: 8-4-4-4-12 lowercase hex.
void AppendSession(std::mt19937_64* random, std::string* out) {
  static constexpr std::string_view kHexDigits = "0123456789abcdef";
  static constexpr std::array<int, 5> kGroups = {8, 4, 4, 4, 12};
  std::uint64_t bits = (*random)();
  int bits_left = 64;
  for (std::size_t group_idx = 0; group_idx < kGroups.size(); ++group_idx) {
    out->append(group_idx == 0 ? "" : "-");
    for (int digit_idx = 0; digit_idx < kGroups[group_idx]; ++digit_idx) {
      if (bits_left < 4) {
        bits = (*random)();
        bits_left = 64;
      }
      out->push_back(kHexDigits[bits & 0xF]);
      bits >>= 4;
      bits_left -= 4;
    }
  }
}

// One row in the layout and proportions of the public REES46 October log.
std::string RandomRow(std::int64_t event_time, std::mt19937_64* random) {
  static constexpr std::array<std::string_view, 8> kTypes = {"view", "view", "view", "view",
                                                             "view", "view", "cart", "purchase"};
  static constexpr std::array<std::string_view, 6> kCodes = {
      "", "", "", "", "electronics.smartphone", "appliances.kitchen.washer"};
  static constexpr std::array<std::string_view, 6> kBrands = {"",       "samsung", "apple",
                                                              "xiaomi", "huawei",  "shiseido"};
  const std::uint64_t bits = (*random)();
  std::string row;
  events::AppendEventTime(event_time, &row);
  row.append(",").append(kTypes[bits % kTypes.size()]);
  row.append(",").append(std::to_string(1'000'000 + (bits >> 3) % 59'000'000));
  row.append(",").append(std::to_string(2'053'013'552'226'107'603ULL + (bits >> 20) % 1000));
  row.append(",").append(kCodes[(bits >> 30) % kCodes.size()]);
  row.append(",").append(kBrands[(bits >> 33) % kBrands.size()]);
  const std::uint64_t cents = 79 + (bits >> 36) % 250'000;
  row.append(",").append(std::to_string(cents / 100)).append(".");
  row.append(std::to_string(cents % 100 / 10)).append(std::to_string(cents % 10));
  row.append(",").append(std::to_string(512'000'000 + (bits >> 40) % 54'000'000)).append(",");
  AppendSession(random, &row);
  return row;
}

struct Sample {
  std::vector<std::string> lines;
  std::size_t bytes = 0;  // with one newline per line, as in the file
};

const Sample& Rees46Sample() {
  static const Sample kSample = [] {
    std::mt19937_64 random(42);
    Sample result;
    result.lines.reserve(kLineCount);
    std::int64_t event_time = kFirstEventTime;
    for (std::size_t line_idx = 0; line_idx < kLineCount; ++line_idx) {
      event_time += static_cast<std::int64_t>(random() % 3);  // about 40 k events an hour
      result.lines.push_back(RandomRow(event_time, &random));
      result.bytes += result.lines.back().size() + 1;
    }
    return result;
  }();
  return kSample;
}

void BM_ParseRees46Lines(benchmark::State& state) {
  const Sample& sample = Rees46Sample();
  const events::CsvHeader header(kRees46Header, "2019-Oct.csv");
  EventRowParser parser(header, ColumnMapping::Rees46());
  LogEvent event;
  RowProblem problem;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    for (const std::string& line : sample.lines) {
      if (!parser.Parse(line, &event, &problem)) {
        state.SkipWithError(problem.Describe().c_str());
        return;
      }
      checksum += event.time + static_cast<std::int64_t>(event.user_key & 0xFF);
    }
  }
  benchmark::DoNotOptimize(checksum);
  const auto lines = static_cast<double>(state.iterations() * sample.lines.size());
  state.counters["ns_per_line"] =
      benchmark::Counter(lines, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(static_cast<std::int64_t>(lines));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * sample.bytes));
}
BENCHMARK(BM_ParseRees46Lines)->Unit(benchmark::kMillisecond);

// The four ids of every row (user, session, product, category) through KeyOf.
void BM_KeyOfRees46Ids(benchmark::State& state) {
  const Sample& sample = Rees46Sample();
  std::vector<std::string> ids;
  ids.reserve(kLineCount * 4);
  for (const std::string& line : sample.lines) {
    std::vector<std::string_view> fields;
    SplitUnquoted(line, &fields);
    for (std::size_t column : {7, 8, 2, 3}) {
      ids.emplace_back(fields[column]);
    }
  }
  std::uint64_t checksum = 0;
  for (auto _ : state) {
    for (const std::string& id : ids) {
      checksum ^= KeyOf(id);
    }
  }
  benchmark::DoNotOptimize(checksum);
  const auto keys = static_cast<double>(state.iterations() * ids.size());
  state.counters["ns_per_key"] =
      benchmark::Counter(keys, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_KeyOfRees46Ids)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace churn::features

BENCHMARK_MAIN();

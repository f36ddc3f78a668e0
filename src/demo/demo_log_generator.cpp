#include "demo/demo_log_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <memory>
#include <string>
#include <system_error>

#include "demo/catalog.h"
#include "demo/demo_event.h"
#include "demo/random_stream.h"
#include "demo/session_simulator.h"
#include "demo/shopper.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/event_time.h"
#include "events/log_discovery.h"
#include "events/rees46_row.h"
#include "events/temporary_name.h"
#include "parallel/parallel_for.h"

namespace churn::demo {
namespace {

using events::kSecondsPerDay;

// What one worker thread owns: its shoppers' events of the day and those
// that spill past midnight into the next day.
struct Worker {
  std::unique_ptr<SessionSimulator> simulator;
  std::vector<DemoEvent> today;
  std::vector<DemoEvent> spill;
  std::size_t carried = 0;  // today's first `carried` events spilled from yesterday
  // The day's rows as text, double-buffered: one day is written to disk in
  // the background while the next is generated.
  std::array<std::string, 2> text;
};

// Generates the whole window day by day, writing each month as it completes.
class DayByDayGenerator {
 public:
  DayByDayGenerator(const DemoConfig& config, std::filesystem::path output_dir)
      : config_(config), output_dir_(std::move(output_dir)), catalog_(config.seed) {
    window_start_ = config.start.FirstSecond();
    window_days_ = static_cast<std::int32_t>(
        (config.start.Plus(config.months).FirstSecond() - window_start_) / kSecondsPerDay);
    workers_.resize(static_cast<std::size_t>(
        std::min<std::int64_t>(parallel::ResolveThreads(config.threads), config.users)));
    for (Worker& worker : workers_) {
      worker.simulator = std::make_unique<SessionSimulator>(catalog_);
    }
  }

  DemoReport Run(const DemoProgress& progress);

 private:
  std::pair<std::size_t, std::size_t> ShopperRange(std::size_t worker_idx) const {
    std::size_t count = shoppers_.size();
    return {count * worker_idx / workers_.size(), count * (worker_idx + 1) / workers_.size()};
  }
  void DrawPopulation();
  void SimulateDay(std::int32_t day);
  void SortDayByTime(std::int64_t day_start);
  void FormatAndWrite();
  void WaitForPendingWrite();
  void StartMonth(events::YearMonth month);
  void FinishMonth();

  const DemoConfig& config_;
  std::filesystem::path output_dir_;
  Catalog catalog_;
  std::vector<Shopper> shoppers_;
  std::vector<std::uint8_t> shopper_seen_;
  std::vector<Worker> workers_;
  std::vector<DemoEvent> sorted_;
  std::vector<std::uint32_t> second_counts_;
  std::int64_t window_start_ = 0;
  std::int32_t window_days_ = 0;
  std::unique_ptr<events::AtomicFileWriter> month_file_;
  std::future<void> pending_write_;
  std::size_t text_slot_ = 0;
  DemoReport report_;
};

void DayByDayGenerator::DrawPopulation() {
  shoppers_.resize(static_cast<std::size_t>(config_.users));
  shopper_seen_.assign(shoppers_.size(), 0);
  parallel::ParallelFor(static_cast<int>(workers_.size()), [&](int worker_idx) {
    auto [first, last] = ShopperRange(static_cast<std::size_t>(worker_idx));
    for (std::size_t shopper_idx = first; shopper_idx < last; ++shopper_idx) {
      shoppers_[shopper_idx] = DrawShopper(config_.seed, shopper_idx, window_days_, catalog_);
    }
  });
}

void DayByDayGenerator::SimulateDay(std::int32_t day) {
  std::int64_t day_start = window_start_ + day * kSecondsPerDay;
  std::int64_t day_end = day_start + kSecondsPerDay;
  parallel::ParallelFor(static_cast<int>(workers_.size()), [&](int worker_idx) {
    Worker& worker = workers_[static_cast<std::size_t>(worker_idx)];
    std::swap(worker.today, worker.spill);  // yesterday's spill opens today
    worker.spill.clear();
    worker.carried = worker.today.size();
    auto [first, last] = ShopperRange(static_cast<std::size_t>(worker_idx));
    for (std::size_t shopper_idx = first; shopper_idx < last; ++shopper_idx) {
      const Shopper& shopper = shoppers_[shopper_idx];
      ShopperDay shopper_day{&shopper, static_cast<std::uint32_t>(shopper_idx), day_start,
                             shopper.EngagementOn(day), day == shopper.join_day};
      if (shopper_day.engagement <= 0.0) {
        continue;
      }
      RandomStream random = ShopperDayStream(config_.seed, shopper_idx, day);
      std::size_t before = worker.today.size();
      worker.simulator->SimulateDay(shopper_day, random, &worker.today);
      shopper_seen_[shopper_idx] |= static_cast<std::uint8_t>(worker.today.size() > before);
    }
    // Sessions that run past midnight belong to tomorrow's rows.
    auto spills = std::stable_partition(
        worker.today.begin() + static_cast<std::ptrdiff_t>(worker.carried), worker.today.end(),
        [&](const DemoEvent& event) { return event.time < day_end; });
    worker.spill.assign(spills, worker.today.end());
    worker.today.erase(spills, worker.today.end());
  });
  SortDayByTime(day_start);
}

// A stable counting sort on the second of the day. Input order is each
// worker's spill from yesterday, then each worker's new events, both in
// shopper order, so the output is the same whatever the number of threads.
void DayByDayGenerator::SortDayByTime(std::int64_t day_start) {
  second_counts_.assign(kSecondsPerDay + 1, 0);
  std::size_t total = 0;
  for (const Worker& worker : workers_) {
    for (const DemoEvent& event : worker.today) {
      if (event.time < day_start || event.time >= day_start + kSecondsPerDay) {
        throw InternalError("a demo session spans more than one midnight");
      }
      ++second_counts_[static_cast<std::size_t>(event.time - day_start) + 1];
    }
    total += worker.today.size();
  }
  for (std::size_t second = 1; second < second_counts_.size(); ++second) {
    second_counts_[second] += second_counts_[second - 1];
  }
  sorted_.resize(total);
  auto scatter = [&](const DemoEvent* first, const DemoEvent* last) {
    for (const DemoEvent* event = first; event != last; ++event) {
      sorted_[second_counts_[static_cast<std::size_t>(event->time - day_start)]++] = *event;
    }
  };
  for (const Worker& worker : workers_) {
    scatter(worker.today.data(), worker.today.data() + worker.carried);
  }
  for (const Worker& worker : workers_) {
    scatter(worker.today.data() + worker.carried, worker.today.data() + worker.today.size());
  }
}

void DayByDayGenerator::FormatAndWrite() {
  parallel::ParallelFor(static_cast<int>(workers_.size()), [&](int worker_idx) {
    Worker& worker = workers_[static_cast<std::size_t>(worker_idx)];
    std::size_t first = sorted_.size() * static_cast<std::size_t>(worker_idx) / workers_.size();
    std::size_t last = sorted_.size() * static_cast<std::size_t>(worker_idx + 1) / workers_.size();
    std::string& text = worker.text[text_slot_];
    text.clear();
    events::Rees46Row row;
    for (std::size_t event_idx = first; event_idx < last; ++event_idx) {
      const DemoEvent& event = sorted_[event_idx];
      const Product& product = catalog_.products()[event.product];
      const Category& category = catalog_.categories()[product.category];
      row.time = event.time;
      row.type = event.type;
      row.product_id = product.id;
      row.category_id = category.id;
      row.category_code = category.code;
      row.brand = product.brand < 0 ? std::string_view()
                                    : catalog_.brands()[static_cast<std::size_t>(product.brand)];
      row.price_cents = product.price_cents;
      row.user_id = shoppers_[event.shopper].user_id;
      row.session = event.session;
      events::AppendRees46Row(row, &text);
    }
  });
  WaitForPendingWrite();
  pending_write_ = std::async(std::launch::async, [this, slot = text_slot_] {
    for (const Worker& worker : workers_) {
      month_file_->Write(worker.text[slot]);
    }
  });
  text_slot_ ^= 1;
  for (const DemoEvent& event : sorted_) {
    ++report_.events_by_type[static_cast<std::size_t>(event.type)];
  }
  report_.events += static_cast<std::int64_t>(sorted_.size());
  report_.files.back().events += static_cast<std::int64_t>(sorted_.size());
}

void DayByDayGenerator::WaitForPendingWrite() {
  if (pending_write_.valid()) {
    pending_write_.get();  // rethrows the writer's IoError, if any
  }
}

void DayByDayGenerator::StartMonth(events::YearMonth month) {
  std::filesystem::path path = output_dir_ / DemoLogFileName(month, config_.compression);
  month_file_ = std::make_unique<events::AtomicFileWriter>(path);
  month_file_->Write(events::kRees46Header);
  month_file_->Write("\n");
  report_.files.push_back(DemoMonthFile{month, path, 0});
}

void DayByDayGenerator::FinishMonth() {
  WaitForPendingWrite();
  month_file_->Commit();
  month_file_.reset();
}

DemoReport DayByDayGenerator::Run(const DemoProgress& progress) {
  auto started = std::chrono::steady_clock::now();
  DrawPopulation();
  events::YearMonth month = config_.start;
  StartMonth(month);
  for (std::int32_t day = 0; day < window_days_; ++day) {
    std::int64_t day_start = window_start_ + day * kSecondsPerDay;
    if (day_start >= month.EndSecond()) {
      FinishMonth();
      month = month.Next();
      StartMonth(month);
    }
    SimulateDay(day);
    FormatAndWrite();
    if (progress) {
      progress(day + 1, window_days_);
    }
  }
  FinishMonth();  // what spills past the window's end is dropped
  report_.users = config_.users;
  report_.active_users = std::count(shopper_seen_.begin(), shopper_seen_.end(), 1);
  report_.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report_;
}

// A hidden folder inside the output folder where the months are written
// before they move into place together; removed with what it holds unless
// every month was written, and named after its writer, so that the next
// demo removes it if this process is killed (events/temporary_name.h).
class StagingFolder {
 public:
  explicit StagingFolder(const std::filesystem::path& parent)
      : path_(parent / events::TemporaryName("demo-staging")) {
    std::filesystem::create_directories(parent);
    events::RemoveStaleTemporaries(parent);
    std::error_code error;
    if (!std::filesystem::create_directory(path_, error)) {
      throw IoError(fmt::format("{}: cannot create a staging folder ({})", parent.string(),
                                error ? error.message() : "it exists"));
    }
  }
  ~StagingFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Replaces the monthly logs of output_dir with the staged ones, so that the
// folder holds one demo, never a mix of two.
void MoveIntoPlace(const std::filesystem::path& output_dir, DemoReport* report) {
  for (const events::MonthlyLog& old_log : events::ListMonthlyLogFiles(output_dir)) {
    std::filesystem::remove(old_log.path);
    report->replaced_files.push_back(old_log.path);
  }
  for (DemoMonthFile& file : report->files) {
    std::filesystem::path target = output_dir / file.path.filename();
    std::filesystem::rename(file.path, target);
    file.path = target;
  }
}

}  // namespace

std::string DemoLogFileName(events::YearMonth month, events::Compression compression) {
  return month.FileStem() + ".csv" + std::string(events::CompressionExtension(compression));
}

DemoReport GenerateDemoLogs(const DemoConfig& config, const std::filesystem::path& output_dir,
                            const DemoProgress& progress) {
  config.Validate();
  StagingFolder staging(output_dir);
  DayByDayGenerator generator(config, staging.path());
  DemoReport report = generator.Run(progress);
  MoveIntoPlace(output_dir, &report);
  return report;
}

}  // namespace churn::demo

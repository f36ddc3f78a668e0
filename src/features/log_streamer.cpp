#include "features/log_streamer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <thread>

#include "errors/error.h"
#include "events/csv_header.h"
#include "events/event_time.h"
#include "events/line_reader.h"
#include "events/readable_text.h"
#include "features/event_row_parser.h"
#include "parallel/parallel_for.h"

namespace churn::features {
namespace {

using events::RowIssue;

// Lines per batch: large enough that the two fork-joins per batch cost
// little, small enough that a batch of text stays in the tens of megabytes.
constexpr std::size_t kBatchLines = 1 << 16;
constexpr std::size_t kExamplesKept = 5;
// A file's rows carry its number in 16 bits.
constexpr std::size_t kMaxFiles = std::numeric_limits<std::uint16_t>::max();

// What the engine holds besides the histories, at most: a batch of text and
// its events, the spill files' buffers and the rows being made. The rest of
// the budget is the histories'.
constexpr std::int64_t kEngineOverhead = std::int64_t{96} << 20;
// Once over budget, partitions spill until the histories are down to this
// share of it, so that spills come in a few large steps.
constexpr double kSpillDownTo = 0.75;

// Blank lines, repeated headers and a cut last line are harmless, and so is a
// row without a customer in a line-item log (a guest sale): they are counted
// and skipped, never bad.
bool IsHarmless(RowIssue issue) {
  return issue == RowIssue::kEmptyLine || issue == RowIssue::kRepeatedHeader ||
         issue == RowIssue::kCutLastLine || issue == RowIssue::kMissingCustomer;
}

}  // namespace

std::int64_t FileReport::BadRows() const {
  std::int64_t bad = 0;
  for (int issue_idx = 0; issue_idx < events::kRowIssueCount; ++issue_idx) {
    auto issue = static_cast<RowIssue>(issue_idx);
    bad += IsHarmless(issue) ? 0 : skipped.Count(issue);
  }
  return bad;
}

struct LogStreamer::Batch {
  std::string text;
  std::vector<std::size_t> line_starts;  // one past the end is text.size()
  std::int64_t first_line_number = 0;
  bool last = false;                     // the file's last batch
  bool last_line_cut_candidate = false;  // the file's last line, with no line ending

  std::size_t size() const { return line_starts.size(); }
  std::string_view Line(std::size_t line_idx) const {
    std::size_t start = line_starts[line_idx];
    std::size_t end = line_idx + 1 < line_starts.size() ? line_starts[line_idx + 1] : text.size();
    return std::string_view(text).substr(start, end - start);
  }
  void Clear() {
    text.clear();
    line_starts.clear();
    last = false;
    last_line_cut_candidate = false;
  }
};

// Fills batches with the lines of a file, reading one line ahead so that the
// batch holding the file's last line knows it: a cut last line is told from
// a bad row only there.
class LogStreamer::BatchReader {
 public:
  explicit BatchReader(events::LineReader& reader) : reader_(reader) {}

  void Fill(Batch& batch) {
    batch.Clear();
    if (carried_) {
      batch.line_starts.push_back(0);
      batch.text.append(carry_);
      carried_ = false;
    }
    std::string_view line;
    while (reader_.Next(&line)) {
      if (batch.size() == kBatchLines) {
        carry_.assign(line);
        carried_ = true;
        bytes_read_ = reader_.bytes_read();
        return;
      }
      batch.line_starts.push_back(batch.text.size());
      batch.text.append(line);
    }
    batch.last = true;
    batch.last_line_cut_candidate = reader_.last_line_unterminated();
    bytes_read_ = reader_.bytes_read();
  }

  // Of the batches filled so far; read on the streaming thread, between fills.
  std::int64_t bytes_read() const { return bytes_read_; }

 private:
  events::LineReader& reader_;
  std::string carry_;
  bool carried_ = false;
  std::int64_t bytes_read_ = 0;
};

struct LogStreamer::WorkerState {
  std::optional<EventRowParser> parser;       // one per thread: it keeps scratch space
  std::vector<std::vector<LogEvent>> outbox;  // per user partition
  std::deque<std::string> owned_user_ids;     // stable addresses, cleared after each fold
  events::RowIssueCounts issues;
  std::int64_t first_time = std::numeric_limits<std::int64_t>::max();
  std::int64_t last_time = std::numeric_limits<std::int64_t>::min();
  std::vector<std::pair<std::int64_t, RowProblem>> problems;  // the first few, by line
};

LogStreamer::LogStreamer(const LogStreamConfig& config)
    : config_(config), threads_(parallel::ResolveThreads(config.threads)) {
  config_.columns.Validate();
  if (config_.memory_limit > 0 && config_.spill == nullptr) {
    throw InternalError("a memory limit needs a spill folder");
  }
  partitions_.reserve(kUserPartitions);
  for (std::size_t partition_idx = 0; partition_idx < kUserPartitions; ++partition_idx) {
    partitions_.emplace_back(partition_idx, config_.drop_duplicates);
  }
  fold_events_.resize(static_cast<std::size_t>(threads_));
  spill_report_.memory_limit = config_.memory_limit;
  if (config_.memory_limit > 0) {
    spill_report_.state_budget = std::max(
        {config_.memory_limit - kEngineOverhead, config_.memory_limit / 4, std::int64_t{1}});
  }
}

LogStreamer::~LogStreamer() = default;
LogStreamer::LogStreamer(LogStreamer&&) noexcept = default;
LogStreamer& LogStreamer::operator=(LogStreamer&&) noexcept = default;

// The month's window, and the prints of rows no later row may repeat forgotten.
void LogStreamer::EnterMonth(const std::optional<events::YearMonth>& month) {
  month_ = month;
  window_start_ = std::numeric_limits<std::int64_t>::min();
  window_end_ = std::numeric_limits<std::int64_t>::max();
  if (!month) {
    return;
  }
  window_start_ = month->FirstSecond() - events::kSecondsPerDay;
  window_end_ = month->EndSecond() + events::kSecondsPerDay;
  // No row of this month's file or a later one can repeat a row more than
  // a day before the month: the prints of those days can go.
  parallel::ParallelFor(threads_, [&](int thread_idx) {
    for (auto partition_idx = static_cast<std::size_t>(thread_idx);
         partition_idx < partitions_.size(); partition_idx += static_cast<std::size_t>(threads_)) {
      partitions_[partition_idx].ForgetRowsBefore(DayOf(window_start_));
    }
  });
}

void LogStreamer::Stream(const std::filesystem::path& path, const StreamProgress& progress,
                         const std::optional<events::YearMonth>& month) {
  if (files_.size() >= kMaxFiles) {
    throw InputError(fmt::format("more than {} log files; join some of them", kMaxFiles));
  }
  EnterMonth(month);
  events::LineReader reader(path);
  std::string_view line;
  if (!reader.Next(&line)) {
    throw InputError(fmt::format("{}: the file is empty (expected a header line)",
                                 events::ReadableText(path.string())));
  }
  header_ = std::make_unique<events::CsvHeader>(line, path);
  EventRowParser parser(*header_, config_.columns);  // checks the columns before any row
  workers_.assign(static_cast<std::size_t>(threads_), WorkerState());
  for (WorkerState& worker : workers_) {
    worker.parser.emplace(parser);
    worker.outbox.resize(partitions_.size());
  }
  FileReport& report = files_.emplace_back();
  report.path = path;

  // The next batch is read while this one is parsed and folded.
  BatchReader batches(reader);
  Batch current;
  Batch next;
  current.first_line_number = 2;  // line 1 is the header
  batches.Fill(current);
  while (true) {
    std::int64_t bytes_done = batches.bytes_read();  // before the next fill starts
    std::exception_ptr read_error;
    std::jthread ahead;
    if (!current.last) {
      ahead = std::jthread([&] {
        try {
          batches.Fill(next);
        } catch (...) {
          read_error = std::current_exception();
        }
      });
    }
    ProcessBatch(current, report);
    if (progress) {
      progress(bytes_done, events_);
    }
    if (current.last) {
      break;
    }
    ahead.join();
    if (read_error) {
      std::rethrow_exception(read_error);
    }
    next.first_line_number = current.first_line_number + static_cast<std::int64_t>(current.size());
    std::swap(current, next);
  }
  report.unterminated_last_line = reader.last_line_unterminated() && !report.cut_last_line;
}

void LogStreamer::ParseSlice(const Batch& batch, std::size_t first, std::size_t last,
                             WorkerState& worker) {
  LogEvent event;
  RowProblem problem;
  for (std::size_t line_idx = first; line_idx < last; ++line_idx) {
    std::string_view line = batch.Line(line_idx);
    if (line.empty()) {
      worker.issues.Add(RowIssue::kEmptyLine);
      continue;
    }
    if (!worker.parser->Parse(line, &event, &problem)) {
      if (header_->Matches(line)) {
        worker.issues.Add(RowIssue::kRepeatedHeader);
      } else if (batch.last_line_cut_candidate && line_idx + 1 == batch.size()) {
        worker.issues.Add(RowIssue::kCutLastLine);
      } else {
        worker.issues.Add(problem.issue);
        if (!IsHarmless(problem.issue) && worker.problems.size() < kExamplesKept) {
          worker.problems.emplace_back(
              batch.first_line_number + static_cast<std::int64_t>(line_idx), problem);
        }
      }
      continue;
    }
    if (event.time < window_start_ || event.time >= window_end_) {
      worker.issues.Add(RowIssue::kOutsideMonth);
      if (worker.problems.size() < kExamplesKept) {
        worker.problems.emplace_back(batch.first_line_number + static_cast<std::int64_t>(line_idx),
                                     OutsideMonth(event.time));
      }
      continue;
    }
    event.row_key = KeyOf(line);
    event.file = static_cast<std::uint16_t>(files_.size() - 1);
    worker.first_time = std::min(worker.first_time, event.time);
    worker.last_time = std::max(worker.last_time, event.time);
    if (!config_.only_user_id.empty() && event.user_id != config_.only_user_id) {
      continue;  // parsed and checked, spans counted, not kept
    }
    if (!config_.shard.Owns(PartitionOf(event.user_key))) {
      continue;  // another worker's user
    }
    if (event.user_id.data() < batch.text.data() ||
        event.user_id.data() >= batch.text.data() + batch.text.size()) {
      // A quoted id was unescaped into the parser's scratch, which the next
      // line overwrites: keep a copy that lives until the fold.
      event.user_id = worker.owned_user_ids.emplace_back(event.user_id);
    }
    worker.outbox[PartitionOf(event.user_key)].push_back(event);
  }
}

// Folds the batch's events on every thread, each taking whole partitions;
// a partition's events come in worker order, which is the file's line order.
void LogStreamer::FoldPartitions() {
  auto threads = static_cast<std::size_t>(threads_);
  parallel::ParallelFor(threads_, [&](int thread_idx) {
    std::vector<const LogEvent*>& events = fold_events_[static_cast<std::size_t>(thread_idx)];
    for (std::size_t partition_idx = static_cast<std::size_t>(thread_idx);
         partition_idx < partitions_.size(); partition_idx += threads) {
      events.clear();
      for (WorkerState& worker : workers_) {
        for (const LogEvent& event : worker.outbox[partition_idx]) {
          events.push_back(&event);
        }
        worker.outbox[partition_idx].clear();
      }
      partitions_[partition_idx].Fold(events);
    }
  });
}

// Spills partitions, highest first, while the histories exceed the budget:
// the low ones stay in memory and are turned into rows first, freeing room
// for the spilled ones to be read back.
void LogStreamer::KeepWithinBudget() {
  std::int64_t held = 0;
  for (const UserPartition& partition : partitions_) {
    held += static_cast<std::int64_t>(partition.MemoryBytes());
  }
  spill_report_.peak_state = std::max(spill_report_.peak_state, held);
  if (spill_report_.state_budget == 0 || held <= spill_report_.state_budget) {
    return;
  }
  auto target =
      static_cast<std::int64_t>(kSpillDownTo * static_cast<double>(spill_report_.state_budget));
  std::vector<UserPartition*> to_spill;
  for (auto partition = partitions_.rbegin(); partition != partitions_.rend() && held > target;
       ++partition) {
    if (!partition->spilled()) {
      held -= static_cast<std::int64_t>(partition->MemoryBytes());
      to_spill.push_back(&*partition);
    }
  }
  parallel::ParallelFor(threads_, [&](int thread_idx) {
    for (auto spill_idx = static_cast<std::size_t>(thread_idx); spill_idx < to_spill.size();
         spill_idx += static_cast<std::size_t>(threads_)) {
      to_spill[spill_idx]->Spill(*config_.spill);
    }
  });
  spill_report_.spilled_partitions += static_cast<int>(to_spill.size());
}

// Moves the workers' counts and examples into the file's report; in strict
// mode, the first bad row ends the run.
void LogStreamer::CollectProblems(FileReport& report) {
  std::vector<std::pair<std::int64_t, RowProblem>> problems;
  for (WorkerState& worker : workers_) {
    report.skipped += worker.issues;
    worker.issues = events::RowIssueCounts();
    if (worker.first_time <= worker.last_time) {
      if (report.first_event_time < 0 || worker.first_time < report.first_event_time) {
        report.first_event_time = worker.first_time;
      }
      report.last_event_time = std::max(report.last_event_time, worker.last_time);
    }
    problems.insert(problems.end(), worker.problems.begin(), worker.problems.end());
    worker.problems.clear();
  }
  report.cut_last_line = report.cut_last_line || report.skipped.Count(RowIssue::kCutLastLine) > 0;
  if (problems.empty()) {
    return;
  }
  std::sort(problems.begin(), problems.end(),
            [](const auto& left, const auto& right) { return left.first < right.first; });
  if (config_.on_bad_row == BadRowPolicy::kStop) {
    throw InputError(fmt::format("{}:{}: {} (set on_bad_row: skip to count bad rows instead)",
                                 events::ReadableText(report.path.string()), problems.front().first,
                                 problems.front().second.Describe()));
  }
  for (const auto& [line_number, problem] : problems) {
    if (report.examples.size() < kExamplesKept) {
      report.examples.push_back(fmt::format("line {}: {}", line_number, problem.Describe()));
    }
  }
}

RowProblem LogStreamer::OutsideMonth(std::int64_t time) const {
  RowProblem problem;
  problem.issue = RowIssue::kOutsideMonth;
  problem.column = config_.columns.event_time;
  problem.expected =
      fmt::format("a time in {}, the month the file is named for (give or take a day)",
                  month_ ? month_->ToIsoString() : std::string());
  events::AppendEventTime(time, &problem.found);
  return problem;
}

void LogStreamer::CountDuplicates() {
  for (FileReport& file : files_) {
    if (config_.drop_duplicates) {
      file.events += file.duplicate_rows;  // counted afresh below
      events_ += file.duplicate_rows;
    }
    file.duplicate_rows = 0;
  }
  for (const UserPartition& partition : partitions_) {
    std::span<const std::int64_t> counts = partition.duplicates_by_file();
    for (std::size_t file_idx = 0; file_idx < counts.size() && file_idx < files_.size();
         ++file_idx) {
      files_[file_idx].duplicate_rows += counts[file_idx];
    }
  }
  if (config_.drop_duplicates) {
    for (FileReport& file : files_) {
      file.events -= file.duplicate_rows;
      events_ -= file.duplicate_rows;
    }
  }
}

void LogStreamer::ProcessBatch(const Batch& batch, FileReport& report) {
  if (batch.size() == 0) {
    return;
  }
  std::size_t workers = workers_.size();
  parallel::ParallelFor(threads_, [&](int worker_idx) {
    auto index = static_cast<std::size_t>(worker_idx);
    ParseSlice(batch, batch.size() * index / workers, batch.size() * (index + 1) / workers,
               workers_[index]);
  });
  CollectProblems(report);
  std::int64_t before = 0;
  for (const WorkerState& worker : workers_) {
    for (const std::vector<LogEvent>& inbox : worker.outbox) {
      before += static_cast<std::int64_t>(inbox.size());
    }
  }
  report.rows_read += static_cast<std::int64_t>(batch.size());
  report.events += before;
  events_ += before;
  FoldPartitions();
  for (WorkerState& worker : workers_) {
    worker.owned_user_ids.clear();
  }
  KeepWithinBudget();
}

SpillReport LogStreamer::spill_report() const {
  SpillReport report = spill_report_;
  for (const UserPartition& partition : partitions_) {
    report.spilled_bytes += partition.spilled_bytes();
  }
  return report;
}

}  // namespace churn::features

#include "features/log_streamer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <optional>

#include "errors/error.h"
#include "events/csv_header.h"
#include "events/line_reader.h"
#include "features/event_row_parser.h"
#include "parallel/parallel_for.h"

namespace churn::features {
namespace {

using events::RowIssue;

// Lines per batch: large enough that the two fork-joins per batch cost
// little, small enough that a batch of text stays in the tens of megabytes.
constexpr std::size_t kBatchLines = 1 << 17;
constexpr std::size_t kExamplesKept = 5;

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
    last_line_cut_candidate = false;
  }
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
  partitions_.resize(static_cast<std::size_t>(threads_));
  fold_events_.resize(partitions_.size());
}

LogStreamer::~LogStreamer() = default;
LogStreamer::LogStreamer(LogStreamer&&) noexcept = default;
LogStreamer& LogStreamer::operator=(LogStreamer&&) noexcept = default;

void LogStreamer::Stream(const std::filesystem::path& path, const StreamProgress& progress) {
  events::LineReader reader(path);
  std::string_view line;
  if (!reader.Next(&line)) {
    throw InputError(fmt::format("{}: the file is empty (expected a header line)", path.string()));
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

  Batch batch;
  batch.first_line_number = 2;  // line 1 is the header
  auto flush = [&] {
    ProcessBatch(batch, report);
    batch.first_line_number += static_cast<std::int64_t>(batch.size());
    batch.Clear();
    if (progress) {
      progress(reader.bytes_read());
    }
  };
  while (reader.Next(&line)) {
    if (batch.size() == kBatchLines) {
      flush();  // before appending: the file's last line always ends the last batch
    }
    batch.line_starts.push_back(batch.text.size());
    batch.text.append(line);
  }
  batch.last_line_cut_candidate = reader.last_line_unterminated();
  flush();
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
    worker.first_time = std::min(worker.first_time, event.time);
    worker.last_time = std::max(worker.last_time, event.time);
    if (!config_.only_user_id.empty() && event.user_id != config_.only_user_id) {
      continue;  // parsed and checked, spans counted, not kept
    }
    if (event.user_id.data() < batch.text.data() ||
        event.user_id.data() >= batch.text.data() + batch.text.size()) {
      // A quoted id was unescaped into the parser's scratch, which the next
      // line overwrites: keep a copy that lives until the fold.
      event.user_id = worker.owned_user_ids.emplace_back(event.user_id);
    }
    worker.outbox[event.user_key % partitions_.size()].push_back(event);
  }
}

// Folds a batch's events of one user partition, in the file's order. With
// hundreds of thousands of users each event's history is a cache miss away,
// so the loop looks ahead: it prefetches the hash slot of the user 16 events
// ahead, then that user's history 8 events ahead, then the history's data 4
// events ahead, and the misses overlap instead of adding up.
void LogStreamer::FoldPartition(std::size_t partition_idx) {
  constexpr std::size_t kSlotAhead = 16;
  constexpr std::size_t kHistoryAhead = 8;
  constexpr std::size_t kDataAhead = 4;
  UserTable& table = partitions_[partition_idx];
  std::vector<const LogEvent*>& events = fold_events_[partition_idx];
  events.clear();
  for (WorkerState& worker : workers_) {  // in worker order: the file's line order
    for (const LogEvent& event : worker.outbox[partition_idx]) {
      events.push_back(&event);
    }
  }
  std::array<std::uint32_t, kHistoryAhead> ahead{};
  for (std::size_t event_idx = 0; event_idx < events.size(); ++event_idx) {
    if (event_idx + kSlotAhead < events.size()) {
      table.PrefetchSlot(events[event_idx + kSlotAhead]->user_key);
    }
    if (event_idx + kHistoryAhead < events.size()) {
      std::uint32_t index = table.Find(events[event_idx + kHistoryAhead]->user_key);
      ahead[(event_idx + kHistoryAhead) % kHistoryAhead] = index;
      if (index != UserTable::kUnknown) {
        __builtin_prefetch(&table.At(index));
      }
    }
    if (event_idx + kDataAhead < events.size()) {
      std::uint32_t index = ahead[(event_idx + kDataAhead) % kHistoryAhead];
      if (index != UserTable::kUnknown && index < table.size()) {
        table.At(index).Prefetch();
      }
    }
    const LogEvent& event = *events[event_idx];
    table.HistoryOf(event.user_key, event.user_id).Add(event);
  }
  for (WorkerState& worker : workers_) {
    worker.outbox[partition_idx].clear();
  }
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
                                 report.path.string(), problems.front().first,
                                 problems.front().second.Describe()));
  }
  for (const auto& [line_number, problem] : problems) {
    if (report.examples.size() < kExamplesKept) {
      report.examples.push_back(fmt::format("line {}: {}", line_number, problem.Describe()));
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
  parallel::ParallelFor(
      threads_, [&](int partition_idx) { FoldPartition(static_cast<std::size_t>(partition_idx)); });
  for (WorkerState& worker : workers_) {
    worker.owned_user_ids.clear();
  }
}

std::vector<UserTable>& LogStreamer::Finish() {
  parallel::ParallelFor(threads_, [&](int partition_idx) {
    for (UserHistory& history : partitions_[static_cast<std::size_t>(partition_idx)].histories()) {
      history.Finish();
    }
  });
  return partitions_;
}

}  // namespace churn::features

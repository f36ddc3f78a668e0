#pragma once
// LogStreamer reads monthly logs once, as streams, and folds every event
// into the history of its user. Lines are read in batches; each batch is
// parsed by all threads (each takes a slice of the lines) into events routed
// to a fixed set of user partitions (by a hash of the user id), then folded
// by all threads (each takes whole partitions), so no lock is taken and the
// result does not depend on the number of threads.
//
// Memory is bounded by a budget: when the histories held would exceed it,
// partitions spill to disk, highest first (their histories written out, and
// their later events appended after them), to be folded on one by one when
// their rows are made (see PartitionRows). Spilling never changes a result.
//
// Bad rows stop the run at the first one (strict, the default) or are
// counted by reason with the first few examples (skip). An event more than a
// day outside the month its file is named for is such a bad row
// (outside_month): a date typed as 2099 must not stretch the logs' span.
//
// A row that repeats an earlier row of the same user byte for byte (every
// field, the columns the engine does not read included) is an exact
// duplicate, as exports that write a month twice make them. Each history
// keeps a 64-bit print of each of its rows (the day and a hash of the line)
// for the days a later file can still repeat, so duplicates are found where
// a user's events meet, in memory or when a spilled partition is read back,
// within the budget like the rest of a history. They are counted per file
// and, with drop_duplicates, left out of the histories.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/csv_header.h"
#include "events/row_issues.h"
#include "events/year_month.h"
#include "features/bad_row_policy.h"
#include "features/column_mapping.h"
#include "features/spill_folder.h"
#include "features/user_partition.h"

namespace churn::features {

struct LogStreamConfig {
  ColumnMapping columns;
  BadRowPolicy on_bad_row = BadRowPolicy::kStop;
  int threads = 0;  // 0: every core
  // Non-empty: keep this user's events alone, to score one user from the
  // logs in the memory of one history. Every row is still parsed and
  // checked, and counts toward the file's event span.
  std::string only_user_id;
  // The partitions of users kept: a worker of a distributed run keeps its
  // shard's; other users' rows are parsed, checked and counted toward the
  // file's event span like every row, and not kept.
  UserShard shard;
  // Leave exact duplicate rows out of the histories (they are counted either way).
  bool drop_duplicates = false;
  // Bytes the whole engine may hold; 0: no limit. With a limit, `spill`
  // must be set: where partitions go that do not fit.
  std::int64_t memory_limit = 0;
  const SpillFolder* spill = nullptr;
};

// What the budget made the engine do while streaming.
struct SpillReport {
  std::int64_t memory_limit = 0;   // 0: none
  std::int64_t state_budget = 0;   // of it, for the histories
  std::int64_t peak_state = 0;     // the most the histories held at once
  int spilled_partitions = 0;      // of kUserPartitions
  std::int64_t spilled_bytes = 0;  // histories and events written to disk
};

struct FileReport {
  std::filesystem::path path;
  std::int64_t rows_read = 0;  // data lines, the header excluded
  std::int64_t events = 0;     // rows folded into histories
  // Rows that repeat an earlier row of their user exactly, in this file or
  // the one before; complete once CountDuplicates ran (the rows of spilled
  // partitions are compared when they are read back).
  std::int64_t duplicate_rows = 0;
  events::RowIssueCounts skipped;
  std::vector<std::string> examples;    // "line 12: column 'price': expected ..., found ..."
  bool cut_last_line = false;           // the last line was incomplete and skipped
  bool unterminated_last_line = false;  // the last line had no line ending but read whole
  std::int64_t first_event_time = -1;   // of the rows read; -1 when none
  std::int64_t last_event_time = -1;

  // Rows that were wrong, as opposed to blank lines and repeated headers.
  std::int64_t BadRows() const;
};

// Called as bytes of the logs are consumed (of this file) and events kept
// (of every file so far), for a progress display.
using StreamProgress = std::function<void(std::int64_t bytes_done, std::int64_t events)>;

class LogStreamer {
 public:
  explicit LogStreamer(const LogStreamConfig& config);
  ~LogStreamer();
  LogStreamer(LogStreamer&&) noexcept;
  LogStreamer& operator=(LogStreamer&&) noexcept;

  // Streams one file into the histories; `month`, when its name gives one,
  // holds its events: one more than a day outside is a bad row. Files come
  // in the order of their months. Throws InputError (a bad row in strict
  // mode, a missing column, an empty file) or IoError (a file that cannot be
  // read, a truncated .gz or .zst), naming the file and line.
  void Stream(const std::filesystem::path& path, const StreamProgress& progress = {},
              const std::optional<events::YearMonth>& month = std::nullopt);

  // Adds up the duplicate rows each partition found into the files'
  // reports (and, when they were dropped, takes them from the events). Call
  // once every partition has been turned into rows (MakePartitionRows does).
  void CountDuplicates();

  // The user partitions, each in memory or spilled; PartitionRows turns
  // them into rows once the last file is streamed.
  std::vector<UserPartition>& partitions() { return partitions_; }

  const std::vector<FileReport>& files() const { return files_; }
  // With the bytes spilled so far.
  SpillReport spill_report() const;
  int threads() const { return threads_; }
  std::int64_t events() const { return events_; }

 private:
  struct Batch;
  class BatchReader;
  struct WorkerState;

  void EnterMonth(const std::optional<events::YearMonth>& month);
  void ProcessBatch(const Batch& batch, FileReport& report);
  void ParseSlice(const Batch& batch, std::size_t first, std::size_t last, WorkerState& worker);
  void FoldPartitions();
  void KeepWithinBudget();
  void CollectProblems(FileReport& report);
  // The problem of an event at `time`, outside the file's month.
  RowProblem OutsideMonth(std::int64_t time) const;

  LogStreamConfig config_;
  std::unique_ptr<events::CsvHeader> header_;  // of the file being streamed
  std::optional<events::YearMonth> month_;     // of the file being streamed, when named
  // Events at or after window_start_ and before window_end_ are within the
  // file's month, give or take a day.
  std::int64_t window_start_ = 0;
  std::int64_t window_end_ = 0;
  std::vector<WorkerState> workers_;
  int threads_ = 1;
  std::vector<UserPartition> partitions_;
  std::vector<std::vector<const LogEvent*>> fold_events_;  // per thread, reused
  std::vector<FileReport> files_;
  SpillReport spill_report_;
  std::int64_t events_ = 0;
};

}  // namespace churn::features

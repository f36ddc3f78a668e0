#include "features/log_set.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "errors/error.h"
#include "events/counted_noun.h"
#include "events/display_path.h"
#include "events/event_time.h"
#include "events/readable_text.h"
#include "features/memory_limit.h"
#include "features/user_history.h"

namespace churn::features {
namespace {

std::int64_t FileBytes(const std::filesystem::path& path) {
  return static_cast<std::int64_t>(std::filesystem::file_size(path));
}

void WarnAboutFile(const FileReport& file) {
  if (file.cut_last_line) {
    spdlog::warn("{}: the last line is cut short; skipped it", events::DisplayPath(file.path));
  } else if (file.unterminated_last_line) {
    spdlog::warn("{}: the last line has no line ending but reads as a whole row; kept it",
                 events::DisplayPath(file.path));
  }
  if (file.BadRows() > 0) {
    spdlog::warn("{}: skipped {}, e.g. {}", events::DisplayPath(file.path),
                 events::CountedNoun(file.BadRows(), "bad row"),
                 file.examples.empty() ? "" : file.examples.front());
  }
}

// The first month of dated logs, or the first whose file has events once
// they are streamed (an empty first file: RequireEventsInEveryMonth).
std::int64_t LogsStart(const LogSet& logs, EventSpan span) {
  if (logs.months.empty()) {
    return events::YearMonth::Of(span.first).FirstSecond();
  }
  std::int64_t first_month = logs.months.front().month.FirstSecond();
  return span.first < 0 ? first_month
                        : std::max(first_month, events::YearMonth::Of(span.first).FirstSecond());
}

}  // namespace

LogSet FindLogSet(const std::string& logs) {
  LogSet set;
  set.source = logs;
  if (std::filesystem::is_regular_file(logs) && !events::MonthOfLogFile(logs)) {
    set.files.emplace_back(logs);
    return set;
  }
  set.months = events::DiscoverMonthlyLogs(logs);
  RequireContiguousMonths(set.months);
  for (const events::MonthlyLog& log : set.months) {
    set.files.push_back(log.path);
  }
  return set;
}

void RequireContiguousMonths(const std::vector<events::MonthlyLog>& logs) {
  for (std::size_t log_idx = 1; log_idx < logs.size(); ++log_idx) {
    if (logs[log_idx].month != logs[log_idx - 1].month.Next()) {
      throw InputError(
          fmt::format("the logs skip {} (between {} and {}); every month from the "
                      "first to the last is needed",
                      logs[log_idx - 1].month.Next().ToIsoString(),
                      events::ReadableText(logs[log_idx - 1].path.filename().string()),
                      events::ReadableText(logs[log_idx].path.filename().string())));
    }
  }
}

LogStreamer StreamLogSet(const FeatureConfig& config, const LogSet& logs, const SpillFolder& spill,
                         const LogSetProgress& progress, const std::string& only_user_id,
                         const UserShard& shard) {
  LogStreamConfig stream_config;
  stream_config.columns = config.columns;
  stream_config.on_bad_row = config.on_bad_row;
  stream_config.threads = config.threads;
  stream_config.only_user_id = only_user_id;
  stream_config.shard = shard;
  stream_config.drop_duplicates = config.drop_duplicates;
  stream_config.memory_limit = ResolveMemoryLimit(config.memory_limit);
  stream_config.spill = &spill;
  LogStreamer streamer(stream_config);
  std::int64_t total_bytes = 0;
  for (const std::filesystem::path& log : logs.files) {
    total_bytes += FileBytes(log);
  }
  std::int64_t done_bytes = 0;
  for (std::size_t file_idx = 0; file_idx < logs.files.size(); ++file_idx) {
    const std::filesystem::path& log = logs.files[file_idx];
    std::optional<events::YearMonth> month;
    if (!logs.months.empty()) {
      month = logs.months[file_idx].month;
    }
    auto on_batch = [&](std::int64_t bytes, std::int64_t events) {
      if (progress) {
        progress({.bytes_done = done_bytes + bytes, .bytes_total = total_bytes, .events = events});
      }
    };
    streamer.Stream(log, on_batch, month);
    done_bytes += FileBytes(log);
  }
  if (progress) {  // done: a display may go
    progress({.bytes_done = total_bytes, .bytes_total = total_bytes, .events = streamer.events()});
  }
  return streamer;
}

std::filesystem::path SpillParent(const FeatureConfig& config,
                                  const std::filesystem::path& output_dir) {
  return config.spill_dir.empty() ? output_dir : std::filesystem::path(config.spill_dir);
}

void CheckBadRows(const FeatureConfig& config, const std::vector<FileReport>& files) {
  std::int64_t rows = 0;
  std::int64_t bad = 0;
  for (const FileReport& file : files) {
    rows += file.rows_read;
    bad += file.BadRows();
    WarnAboutFile(file);
  }
  double share = rows > 0 ? static_cast<double>(bad) / static_cast<double>(rows) : 0.0;
  if (share > config.max_bad_fraction) {
    throw InputError(
        fmt::format("{} of {} rows ({:.2f}%) were bad, more than "
                    "features.max_bad_fraction ({:.2f}%)",
                    bad, rows, 100 * share, 100 * config.max_bad_fraction));
  }
}

void RequireEventsInEveryMonth(const LogSet& logs, const std::vector<FileReport>& files) {
  auto has_events = [](const FileReport& file) { return file.first_event_time >= 0; };
  auto first = std::find_if(files.begin(), files.end(), has_events);
  auto last = std::find_if(files.rbegin(), files.rend(), has_events);
  if (logs.months.empty() || first == files.end()) {
    return;  // an undated export, or no event at all (RequireEvents says so)
  }
  for (auto file = files.begin(); file != files.end(); ++file) {
    if (has_events(*file)) {
      continue;
    }
    std::string why = file->rows_read == 0
                          ? "no rows after its header"
                          : fmt::format("no event in its {} rows", file->rows_read);
    if (file > first && file < last.base() - 1) {
      throw InputError(fmt::format(
          "{}: {}, between months that have events; a month without events would read as a "
          "month in which nobody came back. Export that month again, or leave out the months "
          "on one side of it",
          events::DisplayPath(file->path), why));
    }
    spdlog::warn("{}: {}; the logs are taken to {} with the months that have events",
                 events::DisplayPath(file->path), why, file < first ? "start" : "end");
  }
}

void WarnAboutDuplicates(const FeatureConfig& config, const std::vector<FileReport>& files) {
  for (const FileReport& file : files) {
    if (file.rows_read == 0 || static_cast<double>(file.duplicate_rows) <=
                                   kDuplicateShareWarned * static_cast<double>(file.rows_read)) {
      continue;
    }
    spdlog::warn(
        "{}: {} of {} rows ({:.1f}%) repeat an earlier row exactly; {}",
        events::DisplayPath(file.path), file.duplicate_rows, file.rows_read,
        100.0 * static_cast<double>(file.duplicate_rows) / static_cast<double>(file.rows_read),
        config.drop_duplicates ? "dropped them (features.drop_duplicates)"
                               : "kept them, which counts their events twice (set "
                                 "features.drop_duplicates: true to drop them)");
  }
}

EventSpan EventSpanOf(const std::vector<FileReport>& files) {
  EventSpan span;
  for (const FileReport& file : files) {
    if (file.first_event_time >= 0 && (span.first < 0 || file.first_event_time < span.first)) {
      span.first = file.first_event_time;
    }
    span.last = std::max(span.last, file.last_event_time);
  }
  return span;
}

void RequireEvents(const LogSet& logs, EventSpan span) {
  if (span.last < 0) {
    throw InputError(fmt::format("{}: no event in the logs", logs.source));
  }
}

SnapshotPlan PlanLogSnapshots(const ChurnDefinition& churn, const LogSet& logs, EventSpan span) {
  bool dated = !logs.months.empty();
  std::int64_t logs_start = LogsStart(logs, span);
  std::int64_t logs_end = dated ? logs.months.back().month.EndSecond() : 0;
  if (span.last >= 0) {
    std::int64_t day_after = (DayOf(span.last) + 1) * events::kSecondsPerDay;
    logs_end = dated ? std::min(logs_end, day_after) : day_after;
  }
  SnapshotPlan plan = PlanSnapshots(churn, logs_start, logs_end);
  if (plan.snapshots.empty()) {
    throw InputError(
        fmt::format("the logs ({} to {}) cover no snapshot: a cutoff needs history "
                    "before it and a whole label window after it",
                    events::FormatDate(logs_start),
                    events::FormatDate(std::max(logs_start, logs_end - events::kSecondsPerDay))));
  }
  return plan;
}

std::int64_t AsOfCutoff(EventSpan span) {
  return (DayOf(span.last) + 1) * events::kSecondsPerDay;
}

SnapshotPlan ScoringPlan(const ChurnDefinition& churn, const LogSet& logs, EventSpan span,
                         const std::optional<std::string>& cutoff) {
  RequireEvents(logs, span);
  std::int64_t as_of = AsOfCutoff(span);
  std::int64_t time = as_of;
  if (cutoff) {
    std::optional<std::int64_t> parsed = events::ParseEventTime(*cutoff + " 00:00:00 UTC");
    if (!parsed || cutoff->size() != 10) {
      throw UsageError(fmt::format("expected a date YYYY-MM-DD, got '{}'", *cutoff));
    }
    if (*parsed > as_of) {
      throw InputError(fmt::format(
          "{} lies past the end of the logs: their last event is on {}, so the latest date to "
          "score at is {}",
          *cutoff, events::FormatDate(span.last), events::FormatDate(as_of)));
    }
    time = *parsed;
  }
  ChurnDefinition at_cutoff = churn;
  at_cutoff.cutoffs = {time};
  constexpr std::int64_t kFarFuture = std::int64_t{1} << 40;
  SnapshotPlan plan = PlanSnapshots(at_cutoff, LogsStart(logs, span), kFarFuture);
  if (plan.snapshots.empty()) {
    throw InputError(fmt::format("no snapshot at {}: {}", events::FormatDate(time),
                                 plan.skipped.front().reason));
  }
  return plan;
}

}  // namespace churn::features

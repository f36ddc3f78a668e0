#include "app/features_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>

#include "app/display_path.h"
#include "app/progress_line.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_writer.h"
#include "dataset/time_split.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/event_time.h"
#include "events/log_discovery.h"
#include "features/feature_registry.h"
#include "features/log_streamer.h"
#include "features/snapshot_plan.h"
#include "features/snapshot_rows.h"
#include "parallel/parallel_for.h"

namespace churn::app {
namespace {

using nlohmann::json;

std::vector<std::string> FeatureNames() {
  std::vector<std::string> names;
  for (const features::FeatureSpec& spec : features::FeatureRegistry()) {
    names.emplace_back(spec.name);
  }
  return names;
}

// Months must follow each other: a missing month would read as a month in
// which nobody came back, and label everyone a churner.
void RequireContiguousMonths(const std::vector<events::MonthlyLog>& logs) {
  for (std::size_t log_idx = 1; log_idx < logs.size(); ++log_idx) {
    if (logs[log_idx].month != logs[log_idx - 1].month.Next()) {
      throw InputError(fmt::format(
          "the logs skip {} (between {} and {}); every month from the "
          "first to the last is needed",
          logs[log_idx - 1].month.Next().ToIsoString(), logs[log_idx - 1].path.filename().string(),
          logs[log_idx].path.filename().string()));
    }
  }
}

void WriteJson(const std::filesystem::path& path, const json& document) {
  events::AtomicFileWriter file(path);
  file.Write(document.dump(2));
  file.Write("\n");
  file.Commit();
}

// Streams every log into per-user histories; only `only_user_id`'s when set.
features::LogStreamer StreamLogs(const AppConfig& config,
                                 const std::vector<std::filesystem::path>& logs, bool quiet,
                                 const std::string& only_user_id = {}) {
  features::LogStreamConfig stream_config;
  stream_config.columns = config.features.columns;
  stream_config.on_bad_row = config.features.on_bad_row;
  stream_config.threads = config.features.threads;
  stream_config.only_user_id = only_user_id;
  features::LogStreamer streamer(stream_config);
  std::int64_t total_bytes = 0;
  for (const std::filesystem::path& log : logs) {
    total_bytes += static_cast<std::int64_t>(std::filesystem::file_size(log));
  }
  ProgressLine progress("features", quiet);
  std::int64_t done_bytes = 0;
  for (const std::filesystem::path& log : logs) {
    streamer.Stream(log, [&](std::int64_t bytes) {
      progress.Update((done_bytes + bytes) >> 20, total_bytes >> 20, "MiB");
    });
    done_bytes += static_cast<std::int64_t>(std::filesystem::file_size(log));
  }
  return streamer;
}

// Skipped rows: warned about, and fatal beyond max_bad_fraction.
void CheckBadRows(const AppConfig& config, const std::vector<features::FileReport>& files) {
  std::int64_t rows = 0;
  std::int64_t bad = 0;
  for (const features::FileReport& file : files) {
    rows += file.rows_read;
    bad += file.BadRows();
    if (file.cut_last_line) {
      spdlog::warn("{}: the last line is cut short; skipped it", DisplayPath(file.path));
    } else if (file.unterminated_last_line) {
      spdlog::warn("{}: the last line has no line ending but reads as a whole row; kept it",
                   DisplayPath(file.path));
    }
    if (file.BadRows() > 0) {
      spdlog::warn("{}: skipped {} bad rows, e.g. {}", DisplayPath(file.path), file.BadRows(),
                   file.examples.empty() ? "" : file.examples.front());
    }
  }
  double share = rows > 0 ? static_cast<double>(bad) / static_cast<double>(rows) : 0.0;
  if (share > config.features.max_bad_fraction) {
    throw InputError(
        fmt::format("{} of {} rows ({:.2f}%) were bad, more than "
                    "features.max_bad_fraction ({:.2f}%)",
                    bad, rows, 100 * share, 100 * config.features.max_bad_fraction));
  }
}

// "2019-Oct.csv: 9,566,773 rows, 9,566,773 events" and what was skipped.
std::string FileSummary(const features::FileReport& file) {
  std::string text = fmt::format("{}: {} rows read, {} events", file.path.filename().string(),
                                 file.rows_read, file.events);
  for (int issue_idx = 0; issue_idx < events::kRowIssueCount; ++issue_idx) {
    auto issue = static_cast<events::RowIssue>(issue_idx);
    if (file.skipped.Count(issue) > 0) {
      text += fmt::format(", {} {}", file.skipped.Count(issue), events::RowIssueName(issue));
    }
  }
  return text;
}

json FileReports(const std::vector<features::FileReport>& files) {
  json reports = json::array();
  for (const features::FileReport& file : files) {
    json skipped = json::object();
    for (int issue_idx = 0; issue_idx < events::kRowIssueCount; ++issue_idx) {
      auto issue = static_cast<events::RowIssue>(issue_idx);
      if (file.skipped.Count(issue) > 0) {
        skipped[std::string(events::RowIssueName(issue))] = file.skipped.Count(issue);
      }
    }
    reports.push_back(
        {{"file", file.path.string()},
         {"first_event",
          file.first_event_time >= 0 ? events::FormatDate(file.first_event_time) : std::string()},
         {"last_event",
          file.last_event_time >= 0 ? events::FormatDate(file.last_event_time) : std::string()},
         {"rows_read", file.rows_read},
         {"events", file.events},
         {"skipped", skipped},
         {"examples", file.examples}});
  }
  return reports;
}

// Computes and formats a snapshot's rows on every thread, a block of users
// each, and writes the blocks in user order: the files do not depend on the
// number of threads.
void WriteSnapshotRows(const features::SnapshotRows& rows, std::size_t snapshot_idx,
                       const features::FeatureContext& context, const dataset::TimeSplit& split,
                       int threads, SnapshotSummary& summary, dataset::ProcessedTableWriter& train,
                       dataset::ProcessedTableWriter& test) {
  constexpr std::size_t kUsersPerBlock = 4096;
  struct Block {
    std::array<std::string, 2> text;  // train, test
    std::array<std::int64_t, 2> rows{};
    std::array<std::int64_t, 2> churned{};
    features::StatsScratch scratch;
    std::vector<double> values;
  };
  std::vector<Block> blocks(static_cast<std::size_t>(threads));
  std::size_t user_count = rows.user_count();
  for (std::size_t round_start = 0; round_start < user_count;
       round_start += kUsersPerBlock * blocks.size()) {
    parallel::ParallelFor(threads, [&](int block_idx) {
      Block& block = blocks[static_cast<std::size_t>(block_idx)];
      std::size_t first = round_start + kUsersPerBlock * static_cast<std::size_t>(block_idx);
      for (std::size_t user_idx = first; user_idx < std::min(first + kUsersPerBlock, user_count);
           ++user_idx) {
        rows.ReadAhead(user_idx);
        bool churned = false;
        if (!rows.RowOf(snapshot_idx, user_idx, context, &block.scratch, &block.values, &churned)) {
          continue;
        }
        const std::string& user_id = rows.user(user_idx).user_id();
        std::size_t role = split.IsTest(snapshot_idx, rows.user_key(user_idx)) ? 1 : 0;
        dataset::ProcessedTableWriter::AppendRow(user_id, summary.cutoff, block.values, churned,
                                                 &block.text[role]);
        ++block.rows[role];
        block.churned[role] += churned ? 1 : 0;
      }
    });
    for (Block& block : blocks) {
      train.WriteRows(block.text[0], block.rows[0], block.churned[0]);
      test.WriteRows(block.text[1], block.rows[1], block.churned[1]);
      summary.users += block.rows[0] + block.rows[1];
      summary.churned += block.churned[0] + block.churned[1];
      block.text[0].clear();  // keeps the capacity for the next round
      block.text[1].clear();
      block.rows = {};
      block.churned = {};
    }
  }
}

// The logs to read: monthly files found by their names, or one file whose
// name carries no month (an export such as UCI's OnlineRetail.csv), whose
// span then comes from its events.
struct LogSet {
  std::vector<std::filesystem::path> files;
  std::vector<events::MonthlyLog> months;  // empty for an undated file
};

LogSet FindLogSet(const AppConfig& config) {
  LogSet set;
  if (std::filesystem::is_regular_file(config.logs) && !events::MonthOfLogFile(config.logs)) {
    set.files.emplace_back(config.logs);
    return set;
  }
  set.months = events::DiscoverMonthlyLogs(config.logs);
  RequireContiguousMonths(set.months);
  for (const events::MonthlyLog& log : set.months) {
    set.files.push_back(log.path);
  }
  return set;
}

// The snapshots the logs support. Before streaming, from the file names, to
// fail early on logs that are too short; after, from the events themselves,
// so that a month whose file stops early does not count as covered.
features::SnapshotPlan PlanSnapshots(const AppConfig& config, const LogSet& logs,
                                     std::int64_t first_event_time, std::int64_t last_event_time) {
  bool dated = !logs.months.empty();
  std::int64_t logs_start = dated ? logs.months.front().month.FirstSecond()
                                  : events::YearMonth::Of(first_event_time).FirstSecond();
  std::int64_t logs_end = dated ? logs.months.back().month.EndSecond() : 0;
  if (last_event_time >= 0) {
    std::int64_t day_after = (features::DayOf(last_event_time) + 1) * events::kSecondsPerDay;
    logs_end = dated ? std::min(logs_end, day_after) : day_after;
  }
  features::SnapshotPlan plan =
      features::PlanSnapshots(config.features.churn, logs_start, logs_end);
  if (plan.snapshots.empty()) {
    throw InputError(
        fmt::format("the logs ({} to {}) cover no snapshot: a cutoff needs history "
                    "before it and a whole label window after it",
                    events::FormatDate(logs_start),
                    events::FormatDate(std::max(logs_start, logs_end - events::kSecondsPerDay))));
  }
  return plan;
}

std::pair<std::int64_t, std::int64_t> EventSpan(const std::vector<features::FileReport>& files) {
  std::int64_t first = -1;
  std::int64_t last = -1;
  for (const features::FileReport& file : files) {
    if (file.first_event_time >= 0 && (first < 0 || file.first_event_time < first)) {
      first = file.first_event_time;
    }
    last = std::max(last, file.last_event_time);
  }
  return {first, last};
}

dataset::TimeSplit ChooseSplit(const AppConfig& config, const features::SnapshotRows& rows,
                               std::size_t snapshot_count, int threads) {
  dataset::TimeSplit split(snapshot_count, config.features.test_share, config.features.split_seed);
  if (split.kind() == dataset::SplitKind::kStratifiedUsers) {
    std::vector<features::SnapshotRows::UserLabel> labels = rows.Labels(0, threads);
    for (std::size_t user_idx = 0; user_idx < labels.size(); ++user_idx) {
      if (labels[user_idx].labelled) {
        split.AddUser(rows.user_key(user_idx), labels[user_idx].churned);
      }
    }
    split.ChooseTestUsers();
  }
  return split;
}

void WriteTables(const AppConfig& config, const features::SnapshotRows& rows,
                 const features::SnapshotPlan& plan, const dataset::TimeSplit& split,
                 const features::FeatureContext& context, int threads, FeaturesOutcome& outcome) {
  std::vector<std::string> names = FeatureNames();
  dataset::ProcessedTableWriter train(config.output.data_dir / "processed_train.csv", names);
  dataset::ProcessedTableWriter test(config.output.data_dir / "processed_test.csv", names);
  for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
    SnapshotSummary& summary = outcome.snapshots.emplace_back();
    summary.cutoff = plan.snapshots[snapshot_idx].CutoffDate();
    summary.test = split.kind() == dataset::SplitKind::kOutOfTime && split.IsTest(snapshot_idx, 0);
    WriteSnapshotRows(rows, snapshot_idx, context, split, threads, summary, train, test);
  }
  train.Commit();
  test.Commit();
  outcome.train_rows = train.rows();
  outcome.test_rows = test.rows();
  outcome.test_churned = test.churned();
}

void WriteFeatureColumns(const AppConfig& config, const features::FeatureContext& context,
                         const FeaturesOutcome& outcome) {
  dataset::WriteFeatureColumns(config.output.models_dir / "feature_columns.json",
                               {.names = FeatureNames(),
                                .high_value_spend = context.high_value_spend,
                                .split = outcome.split});
}

void WriteReport(const AppConfig& config, const features::SnapshotPlan& plan,
                 const std::vector<features::FileReport>& files, const FeaturesOutcome& outcome) {
  json snapshots = json::array();
  for (const SnapshotSummary& summary : outcome.snapshots) {
    double rate = summary.users > 0
                      ? static_cast<double>(summary.churned) / static_cast<double>(summary.users)
                      : 0.0;
    snapshots.push_back({{"cutoff", summary.cutoff},
                         {"users", summary.users},
                         {"churned", summary.churned},
                         {"churn_rate", rate},
                         {"role", summary.test ? "test" : "train"}});
  }
  json skipped = json::array();
  for (const features::SkippedCutoff& cutoff : plan.skipped) {
    skipped.push_back({{"cutoff", events::FormatDate(cutoff.cutoff)}, {"reason", cutoff.reason}});
  }
  double rate = outcome.seconds > 0 ? static_cast<double>(outcome.events) / outcome.seconds : 0.0;
  WriteJson(config.output.data_dir / "features_report.json",
            {{"files", FileReports(files)},
             {"snapshots", snapshots},
             {"skipped_cutoffs", skipped},
             {"split", outcome.split},
             {"users", outcome.users},
             {"events", outcome.events},
             {"history_bytes", outcome.history_bytes},
             {"threads", outcome.threads},
             {"seconds", outcome.seconds},
             {"stream_seconds", outcome.stream_seconds},
             {"events_per_second", rate}});
}

void CountUsersAndEvents(std::vector<features::UserTable>& partitions,
                         const std::vector<features::FileReport>& files, FeaturesOutcome& outcome) {
  for (const features::UserTable& table : partitions) {
    outcome.users += static_cast<std::int64_t>(table.size());
    for (const features::UserHistory& history : table.histories()) {
      outcome.history_bytes += static_cast<std::int64_t>(history.MemoryBytes());
    }
  }
  for (const features::FileReport& file : files) {
    outcome.events += file.events;
    outcome.files.push_back(FileSummary(file));
  }
}

}  // namespace

FeaturesOutcome BuildFeatures(const AppConfig& config, bool quiet) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  LogSet logs = FindLogSet(config);
  if (!logs.months.empty()) {
    PlanSnapshots(config, logs, -1, -1);  // too short by their names: fail before reading them
  }

  features::LogStreamer streamer = StreamLogs(config, logs.files, quiet);
  FeaturesOutcome outcome;
  outcome.stream_seconds = elapsed();
  outcome.threads = streamer.threads();
  spdlog::info("streamed the logs in {:.2f} s", outcome.stream_seconds);
  CheckBadRows(config, streamer.files());
  auto [first_event, last_event] = EventSpan(streamer.files());
  if (last_event < 0) {
    throw InputError(fmt::format("{}: no event in the logs", config.logs));
  }
  features::SnapshotPlan plan = PlanSnapshots(config, logs, first_event, last_event);
  for (const features::SkippedCutoff& skipped : plan.skipped) {
    spdlog::info("no snapshot at {}: {}", events::FormatDate(skipped.cutoff), skipped.reason);
  }
  std::vector<features::UserTable>& partitions = streamer.Finish();
  CountUsersAndEvents(partitions, streamer.files(), outcome);

  features::SnapshotRows rows(partitions, plan, config.features.churn.qualifying_event);
  dataset::TimeSplit split = ChooseSplit(config, rows, plan.snapshots.size(), streamer.threads());
  outcome.split = std::string(dataset::SplitKindName(split.kind()));
  // Fitted on the training rows only, so the test set never shapes its own features.
  features::FeatureContext context =
      rows.FitContext(split.train_snapshots(), streamer.threads(), [&](std::size_t user_idx) {
        return split.kind() == dataset::SplitKind::kOutOfTime ||
               !split.IsTest(0, rows.user_key(user_idx));
      });
  WriteTables(config, rows, plan, split, context, streamer.threads(), outcome);
  outcome.seconds = elapsed();
  WriteFeatureColumns(config, context, outcome);
  WriteReport(config, plan, streamer.files(), outcome);
  return outcome;
}

namespace {

// The snapshot to score at: the given cutoff (its label window need not be
// in the logs: a score looks forward), or the latest one the logs support.
features::SnapshotPlan ScoringPlan(const AppConfig& config, const LogSet& logs,
                                   const std::vector<features::FileReport>& files,
                                   const std::optional<std::string>& cutoff) {
  auto [first_event, last_event] = EventSpan(files);
  if (last_event < 0) {
    throw InputError(fmt::format("{}: no event in the logs", config.logs));
  }
  if (!cutoff) {
    features::SnapshotPlan plan = PlanSnapshots(config, logs, first_event, last_event);
    plan.snapshots = {plan.snapshots.back()};
    return plan;
  }
  std::optional<std::int64_t> time = events::ParseEventTime(*cutoff + " 00:00:00 UTC");
  if (!time) {
    throw UsageError(fmt::format("--cutoff: expected a date YYYY-MM-DD, got '{}'", *cutoff));
  }
  features::ChurnDefinition churn = config.features.churn;
  churn.cutoffs = {*time};
  std::int64_t logs_start = logs.months.empty() ? events::YearMonth::Of(first_event).FirstSecond()
                                                : logs.months.front().month.FirstSecond();
  constexpr std::int64_t kFarFuture = std::int64_t{1} << 40;
  features::SnapshotPlan plan = features::PlanSnapshots(churn, logs_start, kFarFuture);
  if (plan.snapshots.empty()) {
    throw InputError(fmt::format("no snapshot at {}: {}", *cutoff, plan.skipped.front().reason));
  }
  return plan;
}

}  // namespace

UserFeatures ComputeUserFeatures(const AppConfig& config, const std::string& user_id,
                                 const std::optional<std::string>& cutoff,
                                 double high_value_spend) {
  LogSet logs = FindLogSet(config);
  features::LogStreamer streamer = StreamLogs(config, logs.files, /*quiet=*/true, user_id);
  CheckBadRows(config, streamer.files());
  features::SnapshotPlan plan = ScoringPlan(config, logs, streamer.files(), cutoff);
  features::SnapshotRows rows(streamer.Finish(), plan, config.features.churn.qualifying_event);
  UserFeatures user{.cutoff = plan.snapshots.front().CutoffDate(), .values = {}};
  for (std::size_t user_idx = 0; user_idx < rows.user_count(); ++user_idx) {
    if (rows.user(user_idx).user_id() != user_id) {
      continue;
    }
    features::StatsScratch scratch;
    bool churned = false;
    if (!rows.RowOf(0, user_idx, {.high_value_spend = high_value_spend}, &scratch, &user.values,
                    &churned)) {
      break;
    }
    return user;
  }
  throw InputError(fmt::format(
      "user '{}' has no row at {} in {}: no event before the cutoff, or none in the cohort "
      "window the model was trained on (churn.cohort_active_days)",
      user_id, user.cutoff, DisplayPath(config.logs)));
}

dataset::LabelledRows ComputeFeatureRows(const AppConfig& config,
                                         const std::optional<std::string>& cutoff,
                                         double high_value_spend) {
  LogSet logs = FindLogSet(config);
  features::LogStreamer streamer = StreamLogs(config, logs.files, /*quiet=*/false);
  CheckBadRows(config, streamer.files());
  features::SnapshotPlan plan = ScoringPlan(config, logs, streamer.files(), cutoff);
  features::SnapshotRows rows(streamer.Finish(), plan, config.features.churn.qualifying_event);
  dataset::LabelledRows table;
  table.features.names = FeatureNames();
  std::string cutoff_date = plan.snapshots.front().CutoffDate();
  features::StatsScratch scratch;
  std::vector<double> values;
  for (std::size_t user_idx = 0; user_idx < rows.user_count(); ++user_idx) {
    rows.ReadAhead(user_idx);
    bool churned = false;
    if (rows.RowOf(0, user_idx, {.high_value_spend = high_value_spend}, &scratch, &values,
                   &churned)) {
      table.user_ids.push_back(rows.user(user_idx).user_id());
      table.cutoffs.push_back(cutoff_date);
      table.churned.push_back(churned ? 1 : 0);
      for (double value : values) {
        table.features.values.push_back(static_cast<float>(value));
      }
    }
  }
  return table;
}

ExitCode RunFeatures(const AppConfig& config, bool quiet) {
  FeaturesOutcome outcome = BuildFeatures(config, quiet);
  fmt::print(
      "Features for {} users from {} events in {:.2f} s ({:.2f} million events/s)\n", outcome.users,
      outcome.events, outcome.seconds,
      outcome.seconds > 0 ? static_cast<double>(outcome.events) / outcome.seconds / 1e6 : 0.0);
  for (const std::string& file : outcome.files) {
    fmt::print("  {}\n", file);
  }
  fmt::print("user histories: {:.1f} MB ({:.0f} bytes per user)\n",
             static_cast<double>(outcome.history_bytes) / 1e6,
             outcome.users > 0
                 ? static_cast<double>(outcome.history_bytes) / static_cast<double>(outcome.users)
                 : 0.0);
  for (const SnapshotSummary& snapshot : outcome.snapshots) {
    double rate = snapshot.users > 0 ? 100.0 * static_cast<double>(snapshot.churned) /
                                           static_cast<double>(snapshot.users)
                                     : 0.0;
    fmt::print("  snapshot {}  {:>9} users  churn {:5.1f}%{}\n", snapshot.cutoff, snapshot.users,
               rate, snapshot.test ? "  (test)" : "");
  }
  fmt::print("split: {}; train rows {}, test rows {}\n", outcome.split, outcome.train_rows,
             outcome.test_rows);
  fmt::print("wrote {} and {}\n", DisplayPath(config.output.data_dir / "processed_train.csv"),
             DisplayPath(config.output.data_dir / "processed_test.csv"));
  return ExitCode::kOk;
}

}  // namespace churn::app

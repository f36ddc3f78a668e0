#include "dataset/feature_tables.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/features_report.h"
#include "dataset/processed_table_writer.h"
#include "events/event_time.h"
#include "features/user_features.h"
#include "parallel/parallel_for.h"

namespace churn::dataset {
namespace {

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

// The two tables being written, train and test.
struct TableWriters {
  ProcessedTableWriter train;
  ProcessedTableWriter test;
};

// Computes and formats a snapshot's rows on every thread, a block of users
// each, and writes the blocks in user order: the files do not depend on the
// number of threads.
void WriteSnapshotRows(const features::SnapshotRows& rows, std::size_t snapshot_idx,
                       const features::FeatureContext& context, const TimeSplit& split, int threads,
                       SnapshotSummary& summary, TableWriters& tables) {
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
        ProcessedTableWriter::AppendRow(user_id, summary.cutoff, block.values, churned,
                                        &block.text[role]);
        ++block.rows[role];
        block.churned[role] += churned ? 1 : 0;
      }
    });
    for (Block& block : blocks) {
      tables.train.WriteRows(block.text[0], block.rows[0], block.churned[0]);
      tables.test.WriteRows(block.text[1], block.rows[1], block.churned[1]);
      summary.users += block.rows[0] + block.rows[1];
      summary.churned += block.churned[0] + block.churned[1];
      block.text[0].clear();  // keeps the capacity for the next round
      block.text[1].clear();
      block.rows = {};
      block.churned = {};
    }
  }
}

void WriteTables(const OutputLayout& output, const features::SnapshotRows& rows,
                 const features::SnapshotPlan& plan, const TimeSplit& split,
                 const features::FeatureContext& context, int threads,
                 FeatureTablesOutcome& outcome) {
  std::vector<std::string> names = features::FeatureNames();
  TableWriters tables{.train = ProcessedTableWriter(output.data_dir / kProcessedTrainFile, names),
                      .test = ProcessedTableWriter(output.data_dir / kProcessedTestFile, names)};
  for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
    SnapshotSummary& summary = outcome.snapshots.emplace_back();
    summary.cutoff = plan.snapshots[snapshot_idx].CutoffDate();
    summary.test = split.kind() == SplitKind::kOutOfTime && split.IsTest(snapshot_idx, 0);
    WriteSnapshotRows(rows, snapshot_idx, context, split, threads, summary, tables);
  }
  tables.train.Commit();
  tables.test.Commit();
  outcome.train_rows = tables.train.rows();
  outcome.test_rows = tables.test.rows();
  outcome.test_churned = tables.test.churned();
}

void CountUsersAndEvents(const std::vector<features::UserTable>& partitions,
                         const std::vector<features::FileReport>& files,
                         FeatureTablesOutcome& outcome) {
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

TimeSplit ChooseSplit(const features::FeatureConfig& config, const features::SnapshotRows& rows,
                      std::size_t snapshot_count, int threads) {
  TimeSplit split(snapshot_count, config.test_share, config.split_seed);
  if (split.kind() == SplitKind::kStratifiedUsers) {
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

FeatureTablesOutcome BuildFeatureTables(const features::FeatureConfig& config,
                                        const std::string& logs, const OutputLayout& output,
                                        const features::LogSetProgress& progress) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  features::LogSet log_set = features::FindLogSet(logs);
  if (!log_set.months.empty()) {
    // Too short by their names: fail before reading them.
    features::PlanLogSnapshots(config.churn, log_set, {});
  }

  features::LogStreamer streamer = features::StreamLogSet(config, log_set, progress);
  FeatureTablesOutcome outcome;
  outcome.stream_seconds = elapsed();
  outcome.threads = streamer.threads();
  spdlog::info("streamed the logs in {:.2f} s", outcome.stream_seconds);
  features::CheckBadRows(config, streamer.files());
  features::EventSpan span = features::EventSpanOf(streamer.files());
  features::RequireEvents(log_set, span);
  features::SnapshotPlan plan = features::PlanLogSnapshots(config.churn, log_set, span);
  for (const features::SkippedCutoff& skipped : plan.skipped) {
    spdlog::info("no snapshot at {}: {}", events::FormatDate(skipped.cutoff), skipped.reason);
  }
  std::vector<features::UserTable>& partitions = streamer.Finish();
  CountUsersAndEvents(partitions, streamer.files(), outcome);

  features::SnapshotRows rows(partitions, plan, config.churn.qualifying_event);
  TimeSplit split = ChooseSplit(config, rows, plan.snapshots.size(), streamer.threads());
  outcome.split = std::string(SplitKindName(split.kind()));
  // Fitted on the training rows only, so the test set never shapes its own features.
  features::FeatureContext context =
      rows.FitContext(split.train_snapshots(), streamer.threads(), [&](std::size_t user_idx) {
        return split.kind() == SplitKind::kOutOfTime || !split.IsTest(0, rows.user_key(user_idx));
      });
  WriteTables(output, rows, plan, split, context, streamer.threads(), outcome);
  outcome.seconds = elapsed();
  WriteFeatureColumns(output.models_dir / kFeatureColumnsFile,
                      {.names = features::FeatureNames(),
                       .high_value_spend = context.high_value_spend,
                       .split = outcome.split});
  WriteFeaturesReport(output.data_dir / kFeaturesReportFile,
                      FeaturesReportJson(config, plan, streamer.files(), outcome));
  return outcome;
}

}  // namespace churn::dataset

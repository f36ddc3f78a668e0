#include "dataset/feature_tables.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "collective/step_together.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/features_report.h"
#include "dataset/processed_table_writer.h"
#include "dataset/worker_shards.h"
#include "events/counted_noun.h"
#include "events/event_time.h"
#include "events/readable_text.h"
#include "features/fit_context.h"
#include "features/memory_limit.h"
#include "features/partition_rows.h"
#include "features/user_features.h"
#include "features/user_partition.h"
#include "parallel/parallel_for.h"

namespace churn::dataset {
namespace {

// "2019-Oct.csv: 9,566,773 rows, 9,566,773 events" and what was skipped.
std::string FileSummary(const features::FileReport& file) {
  std::string text =
      fmt::format("{}: {} rows read, {} events",
                  events::ReadableText(file.path.filename().string()), file.rows_read, file.events);
  if (file.duplicate_rows > 0) {
    text += fmt::format(", {} duplicate_rows", file.duplicate_rows);
  }
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

// Reads a snapshot's stored rows a round at a time, computes and formats
// them on every thread, a block of rows each, and writes the blocks in
// order: the files do not depend on the number of threads.
void WriteSnapshotRows(const features::RowStore& store, std::size_t snapshot_idx,
                       const features::FeatureContext& context, const TimeSplit& split, int threads,
                       SnapshotSummary& summary, TableWriters& tables) {
  constexpr std::size_t kRowsPerBlock = 4096;
  struct Block {
    std::array<std::string, 2> text;  // train, test
    std::array<std::int64_t, 2> rows{};
    std::array<std::int64_t, 2> churned{};
    std::vector<double> values;
  };
  std::vector<Block> blocks(static_cast<std::size_t>(threads));
  std::vector<features::StoredRow> round(kRowsPerBlock * blocks.size());
  features::RowStore::Reader reader = store.Read(snapshot_idx);
  bool more = true;
  while (more) {
    std::size_t count = 0;
    while (count < round.size() && (more = reader.Next(&round[count]))) {
      ++count;
    }
    parallel::ParallelFor(threads, [&](int block_idx) {
      Block& block = blocks[static_cast<std::size_t>(block_idx)];
      std::size_t first = kRowsPerBlock * static_cast<std::size_t>(block_idx);
      for (std::size_t row_idx = first; row_idx < std::min(first + kRowsPerBlock, count);
           ++row_idx) {
        const features::StoredRow& row = round[row_idx];
        features::ComputeFeatures(row.stats, context, &block.values);
        std::size_t role = split.IsTest(snapshot_idx, row.user_key) ? 1 : 0;
        ProcessedTableWriter::AppendRow(row.user_id, summary.cutoff, block.values,
                                        row.stats.purchase_history, row.stats.churned,
                                        &block.text[role]);
        ++block.rows[role];
        block.churned[role] += row.stats.churned ? 1 : 0;
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

// Writes the tables into `output` and says where each snapshot's rows end.
ShardShape WriteTables(const OutputLayout& output, const features::RowStore& store,
                       const features::SnapshotPlan& plan, const TimeSplit& split,
                       const features::FeatureContext& context, int threads,
                       FeatureTablesOutcome& outcome) {
  std::vector<std::string> names = features::FeatureNames();
  TableWriters tables{.train = ProcessedTableWriter(output.data_dir / kProcessedTrainFile, names),
                      .test = ProcessedTableWriter(output.data_dir / kProcessedTestFile, names)};
  ShardShape shape;
  shape.train.header_end = tables.train.bytes();
  shape.test.header_end = tables.test.bytes();
  for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
    SnapshotSummary& summary = outcome.snapshots.emplace_back();
    summary.cutoff = plan.snapshots[snapshot_idx].CutoffDate();
    summary.test = split.kind() == SplitKind::kOutOfTime && split.IsTest(snapshot_idx, 0);
    WriteSnapshotRows(store, snapshot_idx, context, split, threads, summary, tables);
    shape.train.snapshot_ends.push_back(tables.train.bytes());
    shape.test.snapshot_ends.push_back(tables.test.bytes());
  }
  tables.train.Commit();
  tables.test.Commit();
  shape.train.rows = tables.train.rows();
  shape.train.churned = tables.train.churned();
  shape.test.rows = tables.test.rows();
  shape.test.churned = tables.test.churned();
  return shape;
}

// A worker's tables, into its shard's folder, then the run's tables from
// every worker's (the coordinator's part); alone, the tables themselves.
// The outcome counts every worker's rows.
void WriteRunTables(const OutputLayout& output, const features::RowStore& store,
                    const features::SnapshotPlan& plan, const TimeSplit& split,
                    const features::FeatureContext& context, int threads,
                    const collective::WorkerGroup& group, FeatureTablesOutcome& outcome) {
  OutputLayout written =
      group.distributed() ? ShardLayout(output, group.rank(), group.size()) : output;
  ShardShape shape = WriteTables(written, store, plan, split, context, threads, outcome);
  std::vector<std::int64_t> counts = {shape.train.rows, shape.test.rows, shape.test.churned};
  for (const SnapshotSummary& summary : outcome.snapshots) {
    counts.push_back(summary.users);
    counts.push_back(summary.churned);
  }
  group.Sum(counts);
  outcome.train_rows = counts[0];
  outcome.test_rows = counts[1];
  outcome.test_churned = counts[2];
  for (std::size_t snapshot_idx = 0; snapshot_idx < outcome.snapshots.size(); ++snapshot_idx) {
    outcome.snapshots[snapshot_idx].users = counts[3 + 2 * snapshot_idx];
    outcome.snapshots[snapshot_idx].churned = counts[4 + 2 * snapshot_idx];
  }
  if (group.distributed()) {
    // Every worker's shard is whole once its shape is gathered.
    std::vector<ShardShape> shapes = GatherShapes(shape, group);
    collective::StepTogether(group, [&] {
      if (group.coordinator()) {
        MergeShardTables(output, group, shapes);
      }
    });
  }
}

void CountEvents(const std::vector<features::FileReport>& files, FeatureTablesOutcome& outcome) {
  for (const features::FileReport& file : files) {
    outcome.events += file.events;
    outcome.files.push_back(FileSummary(file));
  }
}

// The customer-value model of each labelled snapshot's cutoff, where the
// customers before it suffice; fitted without labels, so the test
// snapshot's is as honest as its features.
std::vector<value::ValueModel> FitSnapshotValueModels(const features::SnapshotPlan& plan,
                                                      std::span<const features::CustomerBase> bases,
                                                      const value::ValueConfig& config) {
  std::vector<value::ValueModel> models;
  for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
    std::string cutoff = plan.snapshots[snapshot_idx].CutoffDate();
    value::ValueFitOutcome fitted = value::FitValueModel(bases[snapshot_idx], cutoff, config);
    if (fitted.model) {
      models.push_back(std::move(*fitted.model));
    } else {
      spdlog::info("no customer-value model at {}: {}", cutoff, fitted.why_not);
    }
  }
  return models;
}

std::vector<SnapshotWindow> SnapshotWindows(const features::SnapshotPlan& plan) {
  std::vector<SnapshotWindow> windows;
  for (const features::Snapshot& snapshot : plan.snapshots) {
    windows.push_back(
        {.cutoff = snapshot.CutoffDate(), .label_end = events::FormatDate(snapshot.label_end)});
  }
  return windows;
}

// The logs streamed into the engine's partitions, and the snapshots they
// support.
struct StreamedLogs {
  features::LogSet log_set;
  features::LogStreamer streamer;
  features::EventSpan span;
  features::SnapshotPlan plan;
};

StreamedLogs StreamLogs(const features::FeatureConfig& config, const std::string& logs,
                        const features::SpillFolder& spill, const features::UserShard& shard,
                        const features::LogSetProgress& progress, FeatureTablesOutcome& outcome) {
  features::LogSet log_set = features::FindLogSet(logs);
  if (!log_set.months.empty()) {
    // Too short by their names: fail before reading them.
    features::PlanLogSnapshots(config.churn, log_set, {});
  }
  features::LogStreamer streamer =
      features::StreamLogSet(config, log_set, spill, progress, /*only_user_id=*/{}, shard);
  outcome.threads = streamer.threads();
  features::CheckBadRows(config, streamer.files());
  features::RequireEventsInEveryMonth(log_set, streamer.files());
  features::EventSpan span = features::EventSpanOf(streamer.files());
  features::RequireEvents(log_set, span);
  features::SnapshotPlan plan = features::PlanLogSnapshots(config.churn, log_set, span);
  for (const features::SkippedCutoff& skipped : plan.skipped) {
    spdlog::info("no snapshot at {}: {}", events::FormatDate(skipped.cutoff), skipped.reason);
  }
  return {.log_set = std::move(log_set),
          .streamer = std::move(streamer),
          .span = span,
          .plan = std::move(plan)};
}

// The snapshots whose rows are made: the labelled ones and, when asked for,
// today's after them, which the tables never read.
features::SnapshotPlan StoredPlan(const features::FeatureConfig& config,
                                  const StreamedLogs& streamed, bool keep_as_of_rows) {
  features::SnapshotPlan stored_plan = streamed.plan;
  if (keep_as_of_rows) {
    stored_plan.snapshots.push_back(
        features::ScoringPlan(config.churn, streamed.log_set, streamed.span, std::nullopt)
            .snapshots.front());
  }
  return stored_plan;
}

features::PartitionRowsOutcome MakeRows(const features::FeatureConfig& config,
                                        features::LogStreamer& streamer,
                                        const features::SnapshotPlan& stored_plan,
                                        features::RowStore& store,
                                        const FeatureTablesOptions& options) {
  features::SpillReport spilled = streamer.spill_report();
  spdlog::info(
      "making rows for {}, {} partitions of users ({} spilled, {})",
      events::CountedNoun(static_cast<std::int64_t>(stored_plan.snapshots.size()), "snapshot"),
      features::kUserPartitions, spilled.spilled_partitions,
      features::FormatBytes(spilled.spilled_bytes));
  return features::MakePartitionRows(streamer, stored_plan, config.churn.qualifying_event, store,
                                     options.steps);
}

// What every worker read and held, added up: the files' events and
// duplicates (known once the rows are made; each worker knows its users'),
// users and history bytes. Warns about duplicates.
std::vector<features::FileReport> CountOverWorkers(const features::FeatureConfig& config,
                                                   const features::LogStreamer& streamer,
                                                   const features::PartitionRowsOutcome& made,
                                                   const collective::WorkerGroup& group,
                                                   FeatureTablesOutcome& outcome) {
  std::vector<features::FileReport> files = SumOverWorkers(streamer.files(), group);
  features::WarnAboutDuplicates(config, files);
  CountEvents(files, outcome);
  std::array<std::int64_t, 2> held = {made.users, made.history_bytes};
  group.Sum(held);
  outcome.users = held[0];
  outcome.history_bytes = held[1];
  return files;
}

// feature_columns.json, then the run's report, written last with what this
// run wrote: `train` and the readers after it tell these tables from a mix
// of two runs (artifact_lineage.h).
// With several workers, the report also records their shards of the tables.
void WriteColumnsAndReport(const OutputLayout& output, const FeatureColumns& columns,
                           nlohmann::json report, int workers) {
  WriteFeatureColumns(output.models_dir / kFeatureColumnsFile, columns);
  report["outputs"] = FileFingerprints(FeatureTableFiles(output));
  report["workers"] = workers;
  if (workers > 1) {
    report["shard_outputs"] = ShardFingerprints(output, workers);
  }
  WriteFeaturesReport(output.data_dir / kFeaturesReportFile, report);
  RemoveOtherRunsShards(output, workers);
}

}  // namespace

TimeSplit ChooseSplit(const features::FeatureConfig& config, const features::RowStore& rows,
                      std::size_t snapshot_count, const collective::WorkerGroup& group) {
  TimeSplit split(snapshot_count, config.test_share, config.split_seed);
  if (split.kind() == SplitKind::kStratifiedUsers) {
    features::RowStore::Reader reader = rows.Read(0);
    features::StoredRow row;
    while (reader.Next(&row)) {
      split.AddUser(row.user_key, row.stats.churned);
    }
    split.ChooseTestUsers(group);
  }
  return split;
}

FeatureTablesOutcome BuildFeatureTables(const features::FeatureConfig& config,
                                        const std::string& logs, const OutputLayout& output,
                                        const features::LogSetProgress& progress,
                                        const FeatureTablesOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const collective::WorkerGroup& group = options.group;
  // A worker spills beside its shard of the tables, never into another's folder.
  features::SpillFolder spill(features::SpillParent(
      config, group.distributed() ? ShardLayout(output, group.rank(), group.size()).data_dir
                                  : output.data_dir));
  FeatureTablesOutcome outcome;
  StreamedLogs streamed = StreamLogs(
      config, logs, spill, {.index = group.rank(), .count = group.size()}, progress, outcome);
  outcome.stream_seconds = elapsed();
  spdlog::info("streamed the logs in {:.2f} s", outcome.stream_seconds);
  features::LogStreamer& streamer = streamed.streamer;
  const features::EventSpan& span = streamed.span;
  const features::SnapshotPlan& plan = streamed.plan;

  features::SnapshotPlan stored_plan = StoredPlan(config, streamed, options.keep_as_of_rows);
  features::RowStore store(spill, stored_plan.snapshots.size());
  features::PartitionRowsOutcome made = MakeRows(config, streamer, stored_plan, store, options);
  spdlog::info("made {} rows in {:.2f} s; writing the tables", store.total_rows(),
               elapsed() - outcome.stream_seconds);
  std::vector<features::FileReport> files =
      CountOverWorkers(config, streamer, made, group, outcome);
  options.steps.Report("writing the tables", 0, 0, "");
  TimeSplit split = ChooseSplit(config, store, plan.snapshots.size(), group);
  outcome.split = std::string(SplitKindName(split.kind()));
  // Fitted on the training rows only, so the test set never shapes its own features.
  features::FeatureContext context = features::FitFeatureContext(
      store, split.train_snapshots(),
      [&](std::uint64_t user_key) {
        return split.kind() == SplitKind::kOutOfTime || !split.IsTest(0, user_key);
      },
      group);
  WriteRunTables(output, store, plan, split, context, streamer.threads(), group, outcome);
  for (std::size_t snapshot_idx = 0; snapshot_idx < plan.snapshots.size(); ++snapshot_idx) {
    made.customers[snapshot_idx] = MergeOverWorkers(made.customers[snapshot_idx], group);
  }
  std::vector<value::ValueModel> value_models =
      FitSnapshotValueModels(plan, made.customers, options.value);
  if (options.keep_as_of_rows) {
    outcome.as_of_rows = features::ReadCutoffRows(
        store, plan.snapshots.size(), stored_plan.snapshots.back().CutoffDate(), span,
        context.high_value_spend, std::move(made.customers.back()));
  }
  outcome.memory = {.spill = streamer.spill_report(),
                    .row_bytes = store.bytes(),
                    .peak_resident = features::PeakResidentBytes()};
  outcome.seconds = elapsed();
  // Every worker ends once the tables, columns and report are written (the
  // next stage of `run` reads them), or with the coordinator's failure.
  collective::StepTogether(group, [&] {
    if (group.coordinator()) {
      WriteColumnsAndReport(output,
                            {.names = features::FeatureNames(),
                             .high_value_spend = context.high_value_spend,
                             .split = outcome.split,
                             .value_models = std::move(value_models),
                             .snapshots = SnapshotWindows(plan)},
                            FeaturesReportJson(config, plan, files, outcome), group.size());
    }
  });
  return outcome;
}

}  // namespace churn::dataset

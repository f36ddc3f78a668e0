#include "training/backtest_run.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "collective/gathered_values.h"
#include "collective/step_together.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "dataset/worker_shards.h"
#include "errors/error.h"
#include "events/counted_noun.h"
#include "events/event_time.h"
#include "metrics/ranking_metrics.h"
#include "parallel/parallel_for.h"
#include "report/report_files.h"
#include "report/training_files.h"
#include "training/backtest_report.h"
#include "training/model_training.h"
#include "training/test_evaluation.h"
#include "training/training_provenance.h"

namespace churn::training {
namespace {

using Clock = std::chrono::steady_clock;

// Every labelled row of both tables, and the rows of each cutoff: with
// several workers, this worker's shard of them, and every cutoff that any
// worker has rows of (so that every worker tests the same cutoffs).
struct LabelledSnapshots {
  dataset::FeatureColumns columns;
  nlohmann::json fingerprints;  // of the tables, taken before they were read
  dataset::LabelledRows rows;
  std::map<std::string, std::vector<std::size_t>> rows_by_cutoff;  // ascending cutoffs
  collective::WorkerGroup group = collective::WorkerGroup::Solo();
};

LabelledSnapshots ReadSnapshots(const dataset::OutputLayout& output,
                                const collective::WorkerGroup& group) {
  // Never tables of two runs of `features`, one stopped half way.
  LabelledSnapshots snapshots;
  snapshots.group = group;
  collective::StepTogether(group, [&] {
    if (group.coordinator()) {
      snapshots.fingerprints = dataset::RequireFeatureTables(output);
    }
    snapshots.columns =
        dataset::ReadFeatureColumns(output.models_dir / dataset::kFeatureColumnsFile);
    const std::vector<std::string>& names = snapshots.columns.names;
    std::vector<std::filesystem::path> read =
        group.distributed()
            ? dataset::RequireShardTables(output, group)
            : std::vector<std::filesystem::path>{output.data_dir / dataset::kProcessedTrainFile,
                                                 output.data_dir / dataset::kProcessedTestFile};
    snapshots.rows = dataset::ReadProcessedTable(read[0], names);
    snapshots.rows.Append(dataset::ReadProcessedTable(read[1], names));
  });
  for (std::size_t row = 0; row < snapshots.rows.size(); ++row) {
    snapshots.rows_by_cutoff[snapshots.rows.cutoffs[row]].push_back(row);
  }
  if (group.distributed()) {
    std::vector<std::string> mine;
    for (const auto& [cutoff, rows] : snapshots.rows_by_cutoff) {
      mine.push_back(cutoff);
    }
    for (const std::string& cutoff : collective::GatherStrings(mine, group)) {
      snapshots.rows_by_cutoff[cutoff];  // none of this worker's rows, perhaps
    }
  }
  return snapshots;
}

// The cutoffs whose label windows ended by `test_cutoff`: what a model
// trained on that day could have learned from. Dates compare as text.
std::vector<std::string> KnownBefore(const LabelledSnapshots& snapshots,
                                     const std::string& test_cutoff) {
  std::vector<std::string> known;
  for (const auto& [cutoff, rows] : snapshots.rows_by_cutoff) {
    const std::string* label_end = snapshots.columns.LabelEndAt(cutoff);
    if (label_end == nullptr) {
      throw InputError(fmt::format(
          "feature_columns.json does not say when the labels of the {} snapshot end (tables "
          "made by an older version): run `churn-radar features` again",
          cutoff));
    }
    if (cutoff < test_cutoff && *label_end <= test_cutoff) {
      known.push_back(cutoff);
    }
  }
  return known;
}

// The cutoffs tested, latest first and then, going back, each latest one
// whose labels end by the one tested after it: with monthly snapshots every
// one, with snapshots every few days (churn.snapshot_step_days) one per
// label window, so that no two tests share a day of labels. Ascending.
std::vector<std::string> TestCutoffs(const LabelledSnapshots& snapshots) {
  std::vector<std::string> tested;
  for (auto it = snapshots.rows_by_cutoff.rbegin(); it != snapshots.rows_by_cutoff.rend(); ++it) {
    const std::string* label_end = snapshots.columns.LabelEndAt(it->first);
    if (tested.empty() || (label_end != nullptr && *label_end <= tested.back())) {
      tested.push_back(it->first);
    }
  }
  std::reverse(tested.begin(), tested.end());
  return tested;
}

dataset::LabelledRows RowsOf(const LabelledSnapshots& snapshots,
                             const std::vector<std::string>& cutoffs) {
  std::vector<std::size_t> rows;
  for (const std::string& cutoff : cutoffs) {
    const std::vector<std::size_t>& of_cutoff = snapshots.rows_by_cutoff.at(cutoff);
    rows.insert(rows.end(), of_cutoff.begin(), of_cutoff.end());
  }
  std::sort(rows.begin(), rows.end());
  return snapshots.rows.Select(rows);
}

std::vector<std::string> DistinctCutoffs(const dataset::LabelledRows& rows) {
  std::set<std::string> cutoffs(rows.cutoffs.begin(), rows.cutoffs.end());
  return {cutoffs.begin(), cutoffs.end()};
}

int DaysBetween(const std::string& from, const std::string& to) {
  std::optional<std::int64_t> start = events::ParseEventTime(from + " 00:00:00 UTC");
  std::optional<std::int64_t> end = events::ParseEventTime(to + " 00:00:00 UTC");
  if (!start || !end) {
    throw InternalError(fmt::format("'{}' or '{}' is not a cutoff date", from, to));
  }
  return static_cast<int>((*end - *start) / events::kSecondsPerDay);
}

// The fold's model on its own test cutoff and every later tested one: each
// worker scores its rows, and the figures read every worker's scores.
std::vector<DecayPoint> Decay(const LabelledSnapshots& snapshots, const std::string& test_cutoff,
                              const model::ModelBundle& bundle, int threads) {
  std::vector<DecayPoint> decay;
  for (const std::string& cutoff : TestCutoffs(snapshots)) {
    if (cutoff < test_cutoff) {
      continue;
    }
    dataset::LabelledRows scored = snapshots.rows.Select(snapshots.rows_by_cutoff.at(cutoff));
    std::vector<double> probabilities = collective::GatherValues<double>(
        bundle.Probabilities(scored.features, threads), snapshots.group);
    std::vector<std::uint8_t> churned =
        collective::GatherValues<std::uint8_t>(scored.churned, snapshots.group);
    std::size_t churners = std::count(churned.begin(), churned.end(), 1);
    if (churners == 0 || churners == churned.size()) {
      continue;  // no ranking figure without both classes
    }
    decay.push_back({.cutoff = cutoff,
                     .days_after = DaysBetween(test_cutoff, cutoff),
                     .roc_auc = metrics::RocAuc(probabilities, churned),
                     .pr_auc = metrics::AveragePrecision(probabilities, churned)});
  }
  return decay;
}

BacktestFold TrainFold(const TrainingSettings& settings, const LabelledSnapshots& snapshots,
                       const std::string& test_cutoff, const std::vector<std::string>& known,
                       const progress::Reporter& progress) {
  Clock::time_point start = Clock::now();
  TrainingRows rows =
      SplitTrainingRows(settings, RowsOf(snapshots, known), RowsOf(snapshots, {test_cutoff}),
                        snapshots.columns, snapshots.group);
  TrainedModel trained = TrainModel(settings, rows, progress);
  TestEvaluation evaluation = EvaluateOnTest(settings, rows, snapshots.columns, trained.bundle);
  BacktestFold fold{.test_cutoff = test_cutoff,
                    .fit_cutoffs = DistinctCutoffs(rows.fit),
                    .validation_cutoffs = DistinctCutoffs(rows.validation),
                    .validation_method = rows.validation_method,
                    .candidates = std::move(trained.candidates),
                    .chosen = trained.chosen,
                    .test = evaluation.model,
                    .recency = evaluation.recency,
                    .bgnbd = evaluation.bgnbd,
                    .recency_lead = evaluation.recency_lead,
                    .bgnbd_lead = evaluation.bgnbd_lead,
                    .decay = {},
                    .seconds = 0};
  fold.decay = Decay(snapshots, test_cutoff, trained.bundle,
                     parallel::ResolveThreads(settings.train.threads));
  fold.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return fold;
}

void SkipFold(const std::string& test_cutoff, const Error& error, BacktestOutcome& outcome) {
  outcome.skipped.push_back({test_cutoff, error.what()});
  spdlog::warn("backtest: skipped {}: {}", test_cutoff, error.what());
}

std::string NoFoldMessage(const LabelledSnapshots& snapshots, const BacktestOutcome& outcome) {
  if (snapshots.rows_by_cutoff.size() < 2) {
    return fmt::format(
        "the rolling backtest needs two labelled snapshots or more and found {}: with a single "
        "one nothing earlier can be trained on; use more months of logs or churn.cutoffs",
        snapshots.rows_by_cutoff.size());
  }
  std::vector<std::string> reasons;
  for (const SkippedFold& skipped : outcome.skipped) {
    reasons.push_back(fmt::format("{}: {}", skipped.test_cutoff, skipped.reason));
  }
  return fmt::format("the rolling backtest could test no cutoff ({})", fmt::join(reasons, "; "));
}

}  // namespace

BacktestOutcome RunBacktest(const TrainingSettings& settings, const dataset::OutputLayout& output,
                            const progress::Reporter& progress,
                            const collective::WorkerGroup& group) {
  Clock::time_point start = Clock::now();
  RefuseSearchOnWorkers(settings, group);
  LabelledSnapshots snapshots = ReadSnapshots(output, group);
  BacktestOutcome outcome;
  std::vector<std::string> cutoffs = TestCutoffs(snapshots);
  for (std::size_t fold_idx = 0; fold_idx < cutoffs.size(); ++fold_idx) {
    const std::string& test_cutoff = cutoffs[fold_idx];
    std::vector<std::string> known = KnownBefore(snapshots, test_cutoff);
    if (known.empty()) {
      outcome.skipped.push_back(
          {test_cutoff, "no earlier snapshot whose labels were known by this cutoff"});
      continue;
    }
    spdlog::info("backtest: testing at {}, training on {} before it", test_cutoff,
                 events::CountedNoun(static_cast<std::int64_t>(known.size()), "snapshot"));
    try {
      outcome.folds.push_back(
          TrainFold(settings, snapshots, test_cutoff, known,
                    progress.Within(fmt::format("cutoff {} ({} of {})", test_cutoff, fold_idx + 1,
                                                cutoffs.size()))));
    } catch (const InputError& error) {  // a class missing: that fold only
      SkipFold(test_cutoff, error, outcome);
    } catch (const ModelError& error) {  // a fit that failed: that fold only, alone
      if (group.distributed()) {
        throw;  // the others cannot know where this worker left the fold's collectives
      }
      SkipFold(test_cutoff, error, outcome);
    }
  }
  // Every worker skips the same folds: a fold fails on what every worker
  // agrees on (summed class counts, value models every worker has).
  if (outcome.folds.empty()) {
    if (group.coordinator()) {
      std::filesystem::remove(output.models_dir / report::kBacktestFile);
    }
    throw InputError(NoFoldMessage(snapshots, outcome));
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Every worker ends once the backtest is written, or with the coordinator's failure.
  collective::StepTogether(group, [&] {
    if (group.coordinator()) {
      // What it was made from, as the model's manifest records it: the server
      // serves a backtest only beside the model of the same settings and tables.
      nlohmann::json document = BacktestJson(outcome);
      document["training_config"] = TrainingConfigJson(settings.train, settings.report);
      document["inputs"] = snapshots.fingerprints;
      report::WriteJsonFile(output.models_dir / report::kBacktestFile, document);
    }
  });
  return outcome;
}

}  // namespace churn::training

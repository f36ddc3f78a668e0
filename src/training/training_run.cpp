#include "training/training_run.h"

#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <optional>
#include <set>

#include "collective/step_together.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "dataset/worker_shards.h"
#include "errors/error.h"
#include "events/whole_file.h"
#include "model/model_bundle.h"
#include "report/curve_report.h"
#include "report/drift_reference.h"
#include "report/recency_baseline.h"
#include "report/report_files.h"
#include "report/training_files.h"
#include "training/model_training.h"
#include "training/test_evaluation.h"
#include "training/training_provenance.h"
#include "training/training_rows.h"

namespace churn::training {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The tables `features` wrote, split for validation.
struct TrainingTables {
  dataset::FeatureColumns columns;
  TrainingRows rows;
  std::vector<std::filesystem::path> files;
  nlohmann::json fingerprints;  // of `files`, taken before they were read
};

// The rows here: the tables, or with several workers this worker's shard of
// them (the coordinator checks the tables the manifest records, each worker
// its shard).
TrainingTables ReadTables(const TrainingSettings& settings, const dataset::OutputLayout& output,
                          const collective::WorkerGroup& group) {
  // Never tables of two runs of `features`, one stopped half way.
  TrainingTables tables;
  // The two tables, then feature_columns.json: what the manifest records.
  tables.files = dataset::FeatureTableFiles(output);
  dataset::LabelledRows train;
  dataset::LabelledRows test;
  collective::StepTogether(group, [&] {
    if (group.coordinator()) {
      tables.fingerprints = dataset::RequireFeatureTables(output);
    }
    tables.columns = dataset::ReadFeatureColumns(output.models_dir / dataset::kFeatureColumnsFile);
    std::vector<std::filesystem::path> read =
        group.distributed() ? dataset::RequireShardTables(output, group) : tables.files;
    train = dataset::ReadProcessedTable(read[0], tables.columns.names);
    test = dataset::ReadProcessedTable(read[1], tables.columns.names);
  });
  tables.rows =
      SplitTrainingRows(settings, std::move(train), std::move(test), tables.columns, group);
  const TrainingRows& rows = tables.rows;
  std::array<std::int64_t, 3> counts = {static_cast<std::int64_t>(rows.fit.size()),
                                        static_cast<std::int64_t>(rows.validation.size()),
                                        static_cast<std::int64_t>(rows.test.size())};
  group.Sum(counts);
  spdlog::info("fitting on {} rows, validating on {} ({}), testing on {}", counts[0], counts[1],
               rows.validation_method, counts[2]);
  return tables;
}

// The snapshot cutoffs the rows come from, each once, in order.
std::vector<std::string> Cutoffs(const dataset::LabelledRows& rows) {
  std::set<std::string> cutoffs(rows.cutoffs.begin(), rows.cutoffs.end());
  return {cutoffs.begin(), cutoffs.end()};
}

nlohmann::json MetricsJson(const TrainingOutcome& outcome, const TrainingRows& rows,
                           const TestEvaluation& evaluation) {
  nlohmann::json candidates = nlohmann::json::object();
  for (const report::CandidateFigures& candidate : outcome.candidates) {
    candidates[candidate.name] = {{"fit_seconds", candidate.fit_seconds},
                                  {"rounds", candidate.rounds},
                                  {"validation", report::ToJson(candidate.validation)},
                                  {"test", report::ToJson(candidate.test)}};
  }
  return {
      {"model", outcome.candidates[outcome.chosen].name},
      {"test", report::ToJson(outcome.test)},
      {"baseline_recency", report::ToJson(outcome.baseline)},
      {"baseline_bgnbd",
       outcome.baseline_bgnbd ? report::ToJson(*outcome.baseline_bgnbd) : nlohmann::json(nullptr)},
      {"lead", LeadsJson(evaluation)},
      {"candidates", candidates},
      {"validation",
       {{"method", outcome.validation_method},
        {"rows", outcome.validation_rows},
        {"brier_score_raw", outcome.validation_brier_raw},
        {"brier_score_calibrated", outcome.validation_brier_calibrated}}},
      {"calibration", outcome.calibration},
      // With the refit, the calibration and the threshold are those fitted
      // on the validation scores of the model before it: the shipped
      // model's own validation scores would be in-sample.
      {"refit", outcome.refitted},
      {"calibration_fitted_on", outcome.refitted ? "validation scores of the model before the refit"
                                                 : "validation scores of the model"},
      {"fit_rows", outcome.fit_rows},
      {"snapshots",
       {{"fit", Cutoffs(rows.fit)},
        {"validation", Cutoffs(rows.validation)},
        {"test", Cutoffs(rows.test)}}}};
}

// The config of the feature tables the model learned from, as their report
// records it; null when the report is missing or older than that record.
nlohmann::json FeaturesConfigOf(const dataset::OutputLayout& output) {
  std::optional<std::string> text =
      events::ReadWholeFile(output.data_dir / dataset::kFeaturesReportFile);
  if (!text) {
    return nullptr;
  }
  nlohmann::json report = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  return report.is_object() && report.contains("config") ? report["config"] : nlohmann::json();
}

// The training rows' distributions (fitted and validation rows, the period
// the model learned from), which later scorings measure their drift against:
// with several workers, every worker's rows (collective).
report::DriftReference TrainingDriftReference(const TrainingRows& rows,
                                              const model::ModelBundle& bundle, int threads) {
  std::vector<double> probabilities = bundle.Probabilities(rows.train.features, threads);
  std::array<const dataset::FeatureMatrix*, 1> matrices = {&rows.train.features};
  return report::FitDriftReference(matrices, probabilities, rows.group);
}

// The reports `train` writes beside the model, which its manifest records.
std::vector<std::filesystem::path> ReportFiles(const std::filesystem::path& models) {
  return {models / report::kMetricsFile,          models / report::kCurvesFile,
          models / report::kCandidatesReportFile, models / report::kFeatureImportancesFile,
          models / report::kTestPredictionsFile,  models / report::kDriftReferenceFile};
}

// The reports first, the model and its manifest last, with the reports'
// fingerprints ("outputs"): a train stopped half way leaves reports that the
// manifest in place does not record, which every reader refuses.
void WriteArtifacts(const TrainingSettings& settings, const dataset::OutputLayout& output,
                    std::string_view version, const TrainingTables& tables,
                    const model::ModelBundle& bundle, const TestEvaluation& evaluation,
                    const TrainingOutcome& outcome, const report::DriftReference& drift) {
  const std::filesystem::path& models = output.models_dir;
  const TrainingRows& rows = tables.rows;
  // A backtest of earlier tables or settings no longer describes this model's
  // training: `backtest` (or `run`) writes it again.
  std::filesystem::remove(models / report::kBacktestFile);
  report::WriteJsonFile(models / report::kMetricsFile, MetricsJson(outcome, rows, evaluation));
  report::WriteJsonFile(
      models / report::kCurvesFile,
      report::CurvesJson(evaluation.probabilities, rows.test_churned, bundle.threshold,
                         evaluation.recency_scores, settings.report.campaign, rows.test_values));
  report::WriteCandidatesReport(models / report::kCandidatesReportFile, outcome.candidates,
                                outcome.chosen);
  report::WriteFeatureImportances(models / report::kFeatureImportancesFile,
                                  bundle.classifier->Importances());
  report::WriteTestPredictions(models / report::kTestPredictionsFile, rows.test_ids,
                               evaluation.probabilities, bundle.threshold);
  report::WriteJsonFile(models / report::kDriftReferenceFile, report::DriftReferenceJson(drift));

  nlohmann::json provenance =
      TrainingProvenance(settings.train, settings.report, tables.fingerprints, version);
  provenance["outputs"] = dataset::FileFingerprints(ReportFiles(models));
  provenance["validation"] = {{"method", outcome.validation_method}};
  // "features" is the manifest's list of columns; the config behind them has its own key.
  if (nlohmann::json features = FeaturesConfigOf(output); !features.is_null()) {
    provenance["features_config"] = features;
  }
  model::SaveModelBundle(models, bundle, provenance);
}

TrainingOutcome OutcomeOf(TrainedModel& trained, const TrainingRows& rows,
                          const TestEvaluation& evaluation) {
  TrainingOutcome outcome;
  outcome.candidates = std::move(trained.candidates);
  outcome.chosen = trained.chosen;
  outcome.validation_method = rows.validation_method;
  outcome.calibration = trained.calibration;
  outcome.validation_brier_raw = trained.validation_brier_raw;
  outcome.validation_brier_calibrated = trained.validation_brier_calibrated;
  outcome.refitted = trained.refitted;
  outcome.test = evaluation.model;
  outcome.baseline = evaluation.recency;
  outcome.baseline_bgnbd = evaluation.bgnbd;
  outcome.recency_lead = evaluation.recency_lead;
  outcome.bgnbd_lead = evaluation.bgnbd_lead;
  outcome.fit_rows = static_cast<std::int64_t>(rows.fit.size());
  outcome.validation_rows = static_cast<std::int64_t>(rows.validation_churned.size());
  rows.group.Sum(std::span(&outcome.fit_rows, 1));
  return outcome;
}

}  // namespace

TrainingOutcome RunTraining(const TrainingSettings& settings, const dataset::OutputLayout& output,
                            std::string_view version, const progress::Reporter& progress,
                            const collective::WorkerGroup& group) {
  Clock::time_point start = Clock::now();
  RefuseSearchOnWorkers(settings, group);
  TrainingTables tables = ReadTables(settings, output, group);
  TrainedModel trained = TrainModel(settings, tables.rows, progress);
  progress.Report("evaluating on the test rows", 0, 0, "");
  TestEvaluation evaluation = EvaluateOnTest(settings, tables.rows, tables.columns, trained.bundle);
  TrainingOutcome outcome = OutcomeOf(trained, tables.rows, evaluation);
  report::DriftReference drift =
      TrainingDriftReference(tables.rows, trained.bundle, settings.train.threads);
  // Every worker ends once the model is written, or with the coordinator's failure.
  collective::StepTogether(group, [&] {
    if (group.coordinator()) {
      WriteArtifacts(settings, output, version, tables, trained.bundle, evaluation, outcome, drift);
    }
  });
  outcome.seconds = SecondsSince(start);
  return outcome;
}

}  // namespace churn::training

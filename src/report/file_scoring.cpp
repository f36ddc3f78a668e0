#include "report/file_scoring.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/csv_field.h"
#include "events/csv_header.h"
#include "events/display_path.h"
#include "events/line_reader.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "features/user_features.h"
#include "model/model_bundle.h"
#include "report/reason_columns.h"
#include "report/scored_file.h"

namespace churn::report {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kFlushBytes = 1U << 20;

// The rows to score, with the input's other columns when it has any.
struct RowsToScore {
  dataset::LabelledRows rows;
  dataset::OtherColumns other_columns;
};

void WriteScores(const std::filesystem::path& path, const RowsToScore& scored,
                 const model::ModelBundle& bundle, std::span<const double> probabilities,
                 std::span<const float> shap, std::size_t reasons) {
  const dataset::LabelledRows& rows = scored.rows;
  const std::vector<std::string>& others = scored.other_columns.rows;
  events::AtomicFileWriter file(path);
  std::string text = ScoredFileHeader(reasons, scored.other_columns.names) + "\n";
  std::size_t width = rows.features.cols() + 1;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    events::AppendCsvField(rows.user_ids[row], &text);
    text += ',';
    events::AppendCsvField(rows.cutoffs[row], &text);
    fmt::format_to(std::back_inserter(text), ",{},{},{}", probabilities[row],
                   bundle.Flagged(probabilities[row]) ? 1 : 0, bundle.RiskBand(probabilities[row]));
    if (reasons > 0) {
      AppendReasonColumns(rows.features, row, shap.subspan(row * width, width - 1), reasons, &text);
    }
    if (!others.empty()) {
      text += others[row];
    }
    text += '\n';
    if (text.size() > kFlushBytes) {
      file.Write(text);
      text.clear();
    }
  }
  file.Write(text);
  file.Commit();
}

// A features table, or raw logs turned into features first.
RowsToScore ReadRowsToScore(const FileScoringRequest& request,
                            const dataset::FeatureColumns& columns,
                            const std::filesystem::path& spill_parent,
                            const features::LogSetProgress& progress) {
  RowsToScore scored;
  if (IsRawLogs(request.features.columns, request.input)) {
    spdlog::info("{}: raw logs; computing features first", events::DisplayPath(request.input));
    scored.rows = ComputeRowsFromLogs(request.features, request.input.string(), request.cutoff,
                                      columns, spill_parent, progress)
                      .rows;
    return scored;
  }
  if (request.cutoff) {
    throw UsageError("--cutoff goes with raw logs (or --from-logs), not a features table");
  }
  scored.rows = dataset::ReadProcessedTable(request.input, columns.names, {.require_label = false},
                                            &scored.other_columns);
  CheckOtherColumns(request.input, scored.other_columns.names);
  return scored;
}

}  // namespace

RowsAtCutoff ComputeRowsFromLogs(const features::FeatureConfig& config, const std::string& logs,
                                 const std::optional<std::string>& cutoff,
                                 const dataset::FeatureColumns& columns,
                                 const std::filesystem::path& spill_parent,
                                 const features::LogSetProgress& progress,
                                 const features::UserShard& shard) {
  return ModelRowsOf(features::ComputeCutoffRows(config, logs, cutoff, columns.high_value_spend,
                                                 spill_parent, progress, shard),
                     columns);
}

RowsAtCutoff ModelRowsOf(features::CutoffRows computed, const dataset::FeatureColumns& columns) {
  if (computed.names != columns.names) {
    throw ModelError(
        "the features stage's columns differ from feature_columns.json: run "
        "`churn-radar features` and `train` again");
  }
  RowsAtCutoff at_cutoff{.cutoff = computed.cutoff,
                         .span = computed.span,
                         .rows = {},
                         .purchases = {},
                         .customers = {}};
  dataset::LabelledRows& rows = at_cutoff.rows;
  rows.cutoffs.assign(computed.user_ids.size(), computed.cutoff);
  rows.user_ids = std::move(computed.user_ids);
  rows.churned = std::move(computed.churned);
  rows.features = {.names = std::move(computed.names), .values = std::move(computed.values)};
  at_cutoff.purchases = std::move(computed.purchases);
  at_cutoff.customers = std::move(computed.customers);
  return at_cutoff;
}

bool IsRawLogs(const features::ColumnMapping& columns, const std::filesystem::path& input) {
  if (std::filesystem::is_directory(input)) {
    return true;
  }
  events::LineReader reader(input);  // plain, .gz or .zst
  std::string_view line;
  if (!reader.Next(&line)) {
    return false;  // the table reader says what is wrong with an empty file
  }
  return events::CsvHeader(line, input).Find(columns.event_time).has_value();
}

FileScoringOutcome ScoreFile(const dataset::OutputLayout& output, const FileScoringRequest& request,
                             const features::LogSetProgress& progress,
                             const progress::Reporter& steps) {
  Clock::time_point start = Clock::now();
  const std::filesystem::path& models = output.models_dir;
  CheckScoredFileTarget({.input = request.input,
                         .output = request.output,
                         .models_dir = models,
                         .force = request.force});
  dataset::FeatureColumns columns =
      dataset::ReadFeatureColumns(models / dataset::kFeatureColumnsFile);
  model::ModelBundle bundle = model::LoadModelBundle(models, columns);
  dataset::RequireTrainedOn(output, models / model::kManifestFileName);
  RowsToScore scored = ReadRowsToScore(request, columns, output.data_dir, progress);
  const dataset::LabelledRows& rows = scored.rows;
  std::vector<double> probabilities = bundle.Probabilities(rows.features, request.threads);
  std::vector<float> shap;
  if (request.reasons > 0) {
    shap =
        explain::ModelExplainer(*bundle.classifier).Explain(rows.features, request.threads, steps);
    explain::WriteShapStore(models / explain::kScoredStoreFileName, bundle.digest, rows,
                            probabilities, shap);
  } else {
    // No reasons, no store: the previous file's must not answer for this one.
    std::filesystem::remove(models / explain::kScoredStoreFileName);
  }
  WriteScores(request.output, scored, bundle, probabilities, shap, request.reasons);
  FileScoringOutcome outcome;
  outcome.users = rows.size();
  outcome.flagged = static_cast<std::size_t>(std::count_if(
      probabilities.begin(), probabilities.end(), [&](double p) { return bundle.Flagged(p); }));
  outcome.threshold = bundle.threshold;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return outcome;
}

}  // namespace churn::report

#include "app/predict_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>

#include "app/display_path.h"
#include "app/features_command.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/csv_field.h"
#include "events/csv_header.h"
#include "events/line_reader.h"
#include "explain/model_explainer.h"
#include "explain/reason_phrases.h"
#include "explain/shap_store.h"
#include "model/model_bundle.h"
#include "report/user_score.h"

namespace churn::app {
namespace {

using Clock = std::chrono::steady_clock;

dataset::FeatureMatrix OneRow(const std::vector<std::string>& names, std::span<const float> row) {
  return {.names = names, .values = std::vector<float>(row.begin(), row.end())};
}

// The user's stored row, from the explained test snapshot or from the last
// scored file; nullopt when neither holds them.
std::optional<report::UserRow> FromStores(const AppConfig& config,
                                          const dataset::FeatureColumns& columns,
                                          const model::ModelBundle& bundle,
                                          std::string_view user_id) {
  for (const char* name : {explain::kShapStoreFileName, explain::kScoredStoreFileName}) {
    std::filesystem::path path = config.output.models_dir / name;
    if (name == explain::kScoredStoreFileName && !std::filesystem::exists(path)) {
      continue;
    }
    explain::ShapStore store = explain::ShapStore::Open(path, bundle.digest, columns.names);
    if (std::optional<std::size_t> index = store.Find(user_id)) {
      explain::StoredUser user = store.At(*index);
      report::UserRow row;
      row.user_id = user.user_id;
      row.cutoff = user.cutoff;
      row.source = DisplayPath(path);
      row.values.assign(user.values.begin(), user.values.end());
      row.shap.assign(user.shap.begin(), user.shap.end());
      return row;
    }
  }
  return std::nullopt;
}

report::UserRow FromLogs(const AppConfig& config, const dataset::FeatureColumns& columns,
                         const model::ModelBundle& bundle, const std::string& user_id,
                         const std::optional<std::string>& cutoff) {
  UserFeatures features = ComputeUserFeatures(config, user_id, cutoff, columns.high_value_spend);
  report::UserRow row;
  row.user_id = user_id;
  row.cutoff = features.cutoff;
  row.source = "the logs in " + DisplayPath(config.logs);
  row.values.assign(features.values.begin(), features.values.end());
  explain::ModelExplainer explainer(*bundle.classifier);
  row.shap = explainer.Explain(OneRow(columns.names, row.values), 1);
  return row;
}

void PrintScore(const report::UserScore& score) {
  const report::UserRow& row = score.row;
  fmt::print("user {}{}: churn probability {:.1f}% ({} risk; {} at the threshold {:.3f})\n",
             row.user_id, row.cutoff.empty() ? "" : " at " + row.cutoff, 100.0 * score.probability,
             score.risk_band, score.label ? "flagged" : "not flagged", score.threshold);
  for (const explain::Reason& reason : score.reasons) {
    fmt::print("  {:+.3f}  {}\n", reason.shap, reason.phrase);
  }
  fmt::print("features from {}\n", row.source);
}

ExitCode PredictUser(const AppConfig& config, const PredictOptions& options) {
  const std::filesystem::path& models = config.output.models_dir;
  dataset::FeatureColumns columns = dataset::ReadFeatureColumns(models / "feature_columns.json");
  model::ModelBundle bundle = model::LoadModelBundle(models, columns);
  std::optional<report::UserRow> row =
      options.from_logs ? std::optional<report::UserRow>(
                              FromLogs(config, columns, bundle, *options.user_id, options.cutoff))
                        : FromStores(config, columns, bundle, *options.user_id);
  if (!row) {
    throw InputError(fmt::format(
        "unknown user '{}': not in the explained test snapshot ({}); score them from the logs "
        "with --from-logs",
        *options.user_id, DisplayPath(models / explain::kShapStoreFileName)));
  }
  double probability = bundle.Probabilities(OneRow(columns.names, row->values), 1).front();
  report::UserScore score =
      report::ScoreUser(bundle, std::move(*row), probability, options.reasons);
  if (options.json) {
    fmt::print("{}\n", report::UserScoreJson(score, columns.names).dump(2));
  } else {
    PrintScore(score);
  }
  return ExitCode::kOk;
}

void WriteScores(const std::filesystem::path& path, const dataset::LabelledRows& rows,
                 const model::ModelBundle& bundle, std::span<const double> probabilities,
                 std::span<const float> shap, std::size_t reasons) {
  events::AtomicFileWriter file(path);
  std::string text = "user_id,probability,label,risk_band";
  for (std::size_t idx = 1; idx <= reasons; ++idx) {
    text += fmt::format(",reason_{}", idx);
  }
  text += "\n";
  std::size_t width = rows.features.cols() + 1;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    events::AppendCsvField(rows.user_ids[row], &text);
    fmt::format_to(std::back_inserter(text), ",{},{},{}", probabilities[row],
                   bundle.Flagged(probabilities[row]) ? 1 : 0, bundle.RiskBand(probabilities[row]));
    if (reasons > 0) {
      std::vector<explain::Reason> top =
          explain::TopReasons(rows.features.names, rows.features.Row(row),
                              shap.subspan(row * width, width - 1), reasons);
      for (std::size_t idx = 0; idx < reasons; ++idx) {
        text += ',';
        events::AppendCsvField(idx < top.size() ? top[idx].phrase : "", &text);
      }
    }
    text += '\n';
    if (text.size() > (1U << 20)) {
      file.Write(text);
      text.clear();
    }
  }
  file.Write(text);
  file.Commit();
}

// True for a folder of logs, or a file (plain or compressed) whose header
// has the configured layout's time column, which no features table has.
bool IsRawLogs(const AppConfig& config, const std::filesystem::path& input) {
  if (std::filesystem::is_directory(input)) {
    return true;
  }
  events::LineReader reader(input);  // plain, .gz or .zst
  std::string_view line;
  if (!reader.Next(&line)) {
    return false;  // the table reader says what is wrong with an empty file
  }
  return events::CsvHeader(line, input).Find(config.features.columns.event_time).has_value();
}

// A features table, or raw logs turned into features first (at --cutoff, or
// the latest snapshot they support) by the features stage's own code.
dataset::LabelledRows ReadRowsToScore(const AppConfig& config, const PredictOptions& options,
                                      const dataset::FeatureColumns& columns) {
  if (!IsRawLogs(config, *options.input)) {
    if (options.cutoff) {
      throw UsageError("--cutoff goes with raw logs (or --from-logs), not a features table");
    }
    return dataset::ReadProcessedTable(*options.input, columns.names, {.require_label = false});
  }
  AppConfig logs_config = config;
  logs_config.logs = options.input->string();
  spdlog::info("{}: raw logs; computing features first", DisplayPath(*options.input));
  dataset::LabelledRows rows =
      ComputeFeatureRows(logs_config, options.cutoff, columns.high_value_spend);
  if (rows.features.names != columns.names) {
    throw ModelError(
        "the features stage's columns differ from feature_columns.json: run "
        "`churn-radar features` and `train` again");
  }
  return rows;
}

ExitCode PredictFile(const AppConfig& config, const PredictOptions& options) {
  Clock::time_point start = Clock::now();
  const std::filesystem::path& models = config.output.models_dir;
  dataset::FeatureColumns columns = dataset::ReadFeatureColumns(models / "feature_columns.json");
  model::ModelBundle bundle = model::LoadModelBundle(models, columns);
  dataset::LabelledRows rows = ReadRowsToScore(config, options, columns);
  std::vector<double> probabilities = bundle.Probabilities(rows.features, config.train.threads);
  std::vector<float> shap;
  if (options.reasons > 0) {
    shap = explain::ModelExplainer(*bundle.classifier).Explain(rows.features, config.train.threads);
    explain::WriteShapStore(models / explain::kScoredStoreFileName, bundle.digest, rows,
                            probabilities, shap);
  } else {
    // No reasons, no store: the previous file's must not answer for this one.
    std::filesystem::remove(models / explain::kScoredStoreFileName);
  }
  WriteScores(*options.output, rows, bundle, probabilities, shap, options.reasons);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t flagged = static_cast<std::size_t>(std::count_if(
      probabilities.begin(), probabilities.end(), [&](double p) { return bundle.Flagged(p); }));
  fmt::print("Scored {} users in {:.2f} s: {} flagged at the threshold {:.3f}; wrote {}\n",
             rows.size(), seconds, flagged, bundle.threshold, DisplayPath(*options.output));
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunPredict(const AppConfig& config, const PredictOptions& options) {
  if (options.user_id && (options.input || options.output)) {
    throw UsageError("predict takes either --user-id or --input with --output, not both");
  }
  if (options.user_id) {
    if (options.cutoff && !options.from_logs) {
      throw UsageError("--cutoff goes with --from-logs (or raw logs as --input)");
    }
    return PredictUser(config, options);
  }
  if (!options.input || !options.output) {
    throw UsageError("predict needs --user-id ID, or --input FILE with --output FILE");
  }
  if (options.from_logs) {
    throw UsageError("--from-logs goes with --user-id; to score raw logs, pass them as --input");
  }
  return PredictFile(config, options);
}

}  // namespace churn::app

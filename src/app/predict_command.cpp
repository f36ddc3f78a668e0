#include "app/predict_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
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

namespace churn::app {
namespace {

using Clock = std::chrono::steady_clock;

// One scored user: what `predict --user-id` prints.
struct UserScore {
  std::string user_id;
  std::string cutoff;
  std::string source;  // where the features came from
  double probability = 0;
  std::string_view risk_band;
  bool label = false;
  double threshold = 0;
  std::vector<explain::Reason> reasons;
  std::vector<std::string> features;
  std::vector<float> values;
  std::vector<float> shap;  // one per feature, then the base value
};

dataset::FeatureMatrix OneRow(const std::vector<std::string>& names, std::span<const float> row) {
  return {.names = names, .values = std::vector<float>(row.begin(), row.end())};
}

// The user's stored row, from the explained test snapshot or from the last
// scored file; nullopt when neither holds them.
std::optional<UserScore> FromStores(const AppConfig& config, const dataset::FeatureColumns& columns,
                                    const model::ModelBundle& bundle, std::string_view user_id) {
  for (const char* name : {explain::kShapStoreFileName, explain::kScoredStoreFileName}) {
    std::filesystem::path path = config.output.models_dir / name;
    if (name == explain::kScoredStoreFileName && !std::filesystem::exists(path)) {
      continue;
    }
    explain::ShapStore store = explain::ShapStore::Open(path, bundle.digest, columns.names);
    if (std::optional<std::size_t> index = store.Find(user_id)) {
      explain::StoredUser user = store.At(*index);
      UserScore score;
      score.user_id = std::string(user.user_id);
      score.cutoff = std::string(user.cutoff);
      score.source = DisplayPath(path);
      score.values.assign(user.values.begin(), user.values.end());
      score.shap.assign(user.shap.begin(), user.shap.end());
      return score;
    }
  }
  return std::nullopt;
}

UserScore FromLogs(const AppConfig& config, const dataset::FeatureColumns& columns,
                   const model::ModelBundle& bundle, const std::string& user_id,
                   const std::optional<std::string>& cutoff) {
  UserFeatures features = ComputeUserFeatures(config, user_id, cutoff, columns.high_value_spend);
  UserScore score;
  score.user_id = user_id;
  score.cutoff = features.cutoff;
  score.source = "the logs in " + DisplayPath(config.logs);
  score.values.assign(features.values.begin(), features.values.end());
  explain::ModelExplainer explainer(*bundle.classifier, columns.names);
  score.shap = explainer.Explain(OneRow(columns.names, score.values), 1);
  return score;
}

void Finish(const model::ModelBundle& bundle, const dataset::FeatureColumns& columns,
            std::size_t reasons, UserScore& score) {
  score.probability = bundle.Probabilities(OneRow(columns.names, score.values)).front();
  score.threshold = bundle.threshold;
  score.label = score.probability >= bundle.threshold;
  score.risk_band = bundle.RiskBand(score.probability);
  score.features = columns.names;
  std::span<const float> shap(score.shap);
  score.reasons =
      explain::TopReasons(columns.names, score.values, shap.first(columns.names.size()), reasons);
}

nlohmann::json ScoreJson(const UserScore& score) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const explain::Reason& reason : score.reasons) {
    reasons.push_back({{"feature", reason.feature},
                       {"phrase", reason.phrase},
                       {"value", reason.value},
                       {"shap", reason.shap},
                       {"raises_risk", reason.raises_risk}});
  }
  nlohmann::json features = nlohmann::json::object();
  for (std::size_t col = 0; col < score.features.size(); ++col) {
    features[score.features[col]] = score.values[col];
  }
  return {{"user_id", score.user_id},
          {"snapshot", score.cutoff},
          {"probability", score.probability},
          {"risk_band", score.risk_band},
          {"label", score.label ? 1 : 0},
          {"threshold", score.threshold},
          {"reasons", reasons},
          {"base_value", score.shap.back()},
          {"features", features},
          {"source", score.source}};
}

void PrintScore(const UserScore& score) {
  fmt::print("user {}{}: churn probability {:.1f}% ({} risk; {} at the threshold {:.3f})\n",
             score.user_id, score.cutoff.empty() ? "" : " at " + score.cutoff,
             100.0 * score.probability, score.risk_band, score.label ? "flagged" : "not flagged",
             score.threshold);
  for (const explain::Reason& reason : score.reasons) {
    fmt::print("  {:+.3f}  {}\n", reason.shap, reason.phrase);
  }
  fmt::print("features from {}\n", score.source);
}

ExitCode PredictUser(const AppConfig& config, const PredictOptions& options) {
  const std::filesystem::path& models = config.output.models_dir;
  dataset::FeatureColumns columns = dataset::ReadFeatureColumns(models / "feature_columns.json");
  model::ModelBundle bundle = model::LoadModelBundle(models, columns, 1);
  std::optional<UserScore> score =
      options.from_logs ? std::optional<UserScore>(
                              FromLogs(config, columns, bundle, *options.user_id, options.cutoff))
                        : FromStores(config, columns, bundle, *options.user_id);
  if (!score) {
    throw InputError(fmt::format(
        "unknown user '{}': not in the explained test snapshot ({}); score them from the logs "
        "with --from-logs",
        *options.user_id, DisplayPath(models / explain::kShapStoreFileName)));
  }
  Finish(bundle, columns, options.reasons, *score);
  if (options.json) {
    fmt::print("{}\n", ScoreJson(*score).dump(2));
  } else {
    PrintScore(*score);
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
                   probabilities[row] >= bundle.threshold ? 1 : 0,
                   bundle.RiskBand(probabilities[row]));
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
  model::ModelBundle bundle = model::LoadModelBundle(models, columns, config.train.threads);
  dataset::LabelledRows rows = ReadRowsToScore(config, options, columns);
  explain::ModelExplainer explainer(*bundle.classifier, columns.names);
  std::vector<double> probabilities = bundle.calibration.Apply(
      model::Probabilities(explainer.Margins(rows.features, config.train.threads)));
  std::vector<float> shap;
  if (options.reasons > 0) {
    shap = explainer.Explain(rows.features, config.train.threads);
    explain::WriteShapStore(models / explain::kScoredStoreFileName, bundle.digest, rows,
                            probabilities, shap);
  } else {
    // No reasons, no store: the previous file's must not answer for this one.
    std::filesystem::remove(models / explain::kScoredStoreFileName);
  }
  WriteScores(*options.output, rows, bundle, probabilities, shap, options.reasons);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t flagged = static_cast<std::size_t>(std::count_if(
      probabilities.begin(), probabilities.end(), [&](double p) { return p >= bundle.threshold; }));
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

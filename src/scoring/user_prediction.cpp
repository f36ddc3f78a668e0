#include "scoring/user_prediction.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "features/user_features.h"
#include "model/model_bundle.h"
#include "scoring/scoring_files.h"
#include "scoring/scoring_summary.h"

namespace churn::scoring {
namespace {

using report::UserRow;

dataset::FeatureMatrix OneRow(const std::vector<std::string>& names, std::span<const float> row) {
  return {.names = names, .values = std::vector<float>(row.begin(), row.end())};
}

// The stores a user is looked up in, in order: the latest scoring (when
// this model made it: another model's SHAP values are not this one's
// reasons), the explained test snapshot, the last scored file.
struct StoreToSearch {
  std::filesystem::path path;
  std::string digest;
  std::string_view remake;  // the command that writes it
};

std::vector<StoreToSearch> StoresToSearch(const dataset::OutputLayout& output,
                                          const model::ModelBundle& bundle) {
  std::vector<StoreToSearch> stores;
  if (std::optional<std::string> latest = LatestScoring(output.scores_dir)) {
    std::filesystem::path folder = ScoringFolder(output.scores_dir, *latest);
    std::optional<SummaryModel> model = ReadSummaryModel(folder / kScoringSummaryFile);
    if (model && model->digest == bundle.digest) {
      stores.push_back({folder / kScoringShapFile, model->digest, kScoreCommand});
    } else if (model) {
      spdlog::warn(
          "the latest scoring ({}) was made by an earlier model; run `churn-radar score` to score "
          "today's customers with this one",
          *latest);
    }
  }
  stores.push_back(
      {output.models_dir / explain::kShapStoreFileName, bundle.digest, "churn-radar explain"});
  std::filesystem::path scored = output.models_dir / explain::kScoredStoreFileName;
  if (std::filesystem::exists(scored)) {
    stores.push_back({scored, bundle.digest, "churn-radar predict --input"});
  }
  return stores;
}

// The user's stored row; nullopt when no store holds them.
std::optional<UserRow> FromStores(const dataset::OutputLayout& output,
                                  const dataset::FeatureColumns& columns,
                                  const model::ModelBundle& bundle, std::string_view user_id) {
  for (const StoreToSearch& search : StoresToSearch(output, bundle)) {
    explain::ShapStore store =
        explain::ShapStore::Open(search.path, search.digest, columns.names, search.remake);
    if (std::optional<std::size_t> index = store.Find(user_id)) {
      explain::StoredUser user = store.At(*index);
      UserRow row;
      row.user_id = user.user_id;
      row.cutoff = user.cutoff;
      row.source = events::DisplayPath(search.path);
      row.values.assign(user.values.begin(), user.values.end());
      row.shap.assign(user.shap.begin(), user.shap.end());
      return row;
    }
  }
  return std::nullopt;
}

UserRow FromLogs(const LogsToScore& logs, const dataset::FeatureColumns& columns,
                 const model::ModelBundle& bundle, const std::string& user_id,
                 const std::filesystem::path& spill_parent) {
  features::UserFeatures features =
      features::ComputeUserFeatures(logs.features, logs.logs, user_id, logs.cutoff,
                                    columns.high_value_spend, spill_parent, logs.progress);
  UserRow row;
  row.user_id = user_id;
  row.cutoff = features.cutoff;
  row.source = "the logs in " + events::DisplayPath(logs.logs);
  row.values.assign(features.values.begin(), features.values.end());
  explain::ModelExplainer explainer(*bundle.classifier);
  row.shap = explainer.Explain(OneRow(columns.names, row.values), 1);
  return row;
}

}  // namespace

UserPrediction PredictUser(const dataset::OutputLayout& output, const std::string& user_id,
                           const std::optional<LogsToScore>& from_logs, std::size_t reasons) {
  const std::filesystem::path& models = output.models_dir;
  dataset::FeatureColumns columns =
      dataset::ReadFeatureColumns(models / dataset::kFeatureColumnsFile);
  model::ModelBundle bundle = model::LoadModelBundle(models, columns);
  dataset::RequireTrainedOn(output, models / model::kManifestFileName);
  std::optional<UserRow> row =
      from_logs
          ? std::optional<UserRow>(FromLogs(*from_logs, columns, bundle, user_id, output.data_dir))
          : FromStores(output, columns, bundle, user_id);
  if (!row) {
    throw InputError(fmt::format(
        "unknown user '{}': not in the latest scoring of today's customers (churn-radar score) "
        "nor in the explained test snapshot ({}); score them from the logs with --from-logs",
        user_id, events::DisplayPath(models / explain::kShapStoreFileName)));
  }
  double probability = bundle.Probabilities(OneRow(columns.names, row->values), 1).front();
  return {.score = report::ScoreUser(bundle, std::move(*row), probability, reasons),
          .features = columns.names};
}

}  // namespace churn::scoring

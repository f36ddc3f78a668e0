#include "report/explanation_run.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

#include "collective/gathered_values.h"
#include "collective/step_together.h"
#include "config/enum_names.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/processed_table_reader.h"
#include "dataset/worker_shards.h"
#include "errors/error.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "explain/shap_summary.h"
#include "model/model_bundle.h"
#include "model/model_kind.h"
#include "report/training_files.h"

namespace churn::report {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kTopFeaturesShown = 10;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::pair<std::string, double>> TopFeatures(const std::vector<std::string>& names,
                                                        std::span<const float> shap) {
  std::vector<double> mean_abs = explain::MeanAbsoluteShap(names.size(), shap);
  std::vector<std::pair<std::string, double>> features;
  for (std::size_t col = 0; col < names.size(); ++col) {
    features.emplace_back(names[col], mean_abs[col]);
  }
  std::stable_sort(features.begin(), features.end(),
                   [](const auto& left, const auto& right) { return left.second > right.second; });
  features.resize(std::min(features.size(), kTopFeaturesShown));
  return features;
}

// The test rows explained here, their probabilities and SHAP values.
struct ExplainedRows {
  dataset::LabelledRows rows;
  std::vector<double> probabilities;
  std::vector<float> shap;  // rows × (features + 1)
};

// What every worker explained, in rank order, on every worker.
struct GatheredRows {
  std::vector<std::string> ids;
  std::vector<std::string> cutoffs;
  std::vector<double> probabilities;
  std::vector<float> shap;
};

GatheredRows GatherExplainedRows(const ExplainedRows& mine, const collective::WorkerGroup& group) {
  return {.ids = collective::GatherStrings(mine.rows.user_ids, group),
          .cutoffs = collective::GatherStrings(mine.rows.cutoffs, group),
          .probabilities = collective::GatherValues<double>(mine.probabilities, group),
          .shap = collective::GatherValues<float>(mine.shap, group)};
}

// The gathered rows in the merged test table's order (each worker explained
// its shard of it), with the table's rows. Throws InternalError when the
// workers' rows are not the table's.
ExplainedRows InMergedTableOrder(const dataset::OutputLayout& output,
                                 const dataset::FeatureColumns& columns, GatheredRows gathered) {
  ExplainedRows all;
  all.rows = dataset::ReadProcessedTable(output.data_dir / dataset::kProcessedTestFile,
                                         columns.names, {.require_label = false});
  std::size_t width = columns.names.size() + 1;
  std::size_t rows = all.rows.size();
  if (gathered.ids.size() != rows || gathered.cutoffs.size() != rows ||
      gathered.probabilities.size() != rows || gathered.shap.size() != rows * width) {
    throw InternalError("the workers explained other rows than the merged test table's");
  }
  std::vector<std::size_t> order = dataset::MergedTableOrder(gathered.cutoffs, all.rows.cutoffs);
  all.shap.resize(gathered.shap.size());
  for (std::size_t row = 0; row < rows; ++row) {
    std::size_t from = order[row];
    if (gathered.ids[from] != all.rows.user_ids[row]) {
      throw InternalError("the workers' test rows are not those of the merged test table");
    }
    all.probabilities.push_back(gathered.probabilities[from]);
    std::copy_n(gathered.shap.begin() + static_cast<std::ptrdiff_t>(from * width), width,
                all.shap.begin() + static_cast<std::ptrdiff_t>(row * width));
  }
  return all;
}

// The test rows, or with several workers this worker's shard of them, each
// scored and explained.
ExplainedRows ExplainRows(const dataset::OutputLayout& output,
                          const dataset::FeatureColumns& columns, const model::ModelBundle& bundle,
                          const ExplanationSettings& settings, const progress::Reporter& progress,
                          ExplanationOutcome& outcome) {
  const collective::WorkerGroup& group = settings.group;
  ExplainedRows explained;
  collective::StepTogether(group, [&] {
    std::filesystem::path table = group.distributed()
                                      ? dataset::RequireShardTables(output, group)[1]
                                      : output.data_dir / dataset::kProcessedTestFile;
    explained.rows = dataset::ReadProcessedTable(table, columns.names, {.require_label = false});
  });
  explained.probabilities = bundle.Probabilities(explained.rows.features, settings.threads);
  Clock::time_point shap_start = Clock::now();
  explained.shap = explain::ModelExplainer(*bundle.classifier)
                       .Explain(explained.rows.features, settings.threads, progress);
  outcome.shap_seconds = SecondsSince(shap_start);
  spdlog::info("exact SHAP values for {} users in {:.2f} s", explained.rows.size(),
               outcome.shap_seconds);
  std::array<double, 1> shap_seconds = {outcome.shap_seconds};  // the slowest worker's
  group.Max(shap_seconds);
  outcome.shap_seconds = shap_seconds[0];
  return explained;
}

// The summary first, with the model it explains, and the store (which holds
// the model's digest in its header) last: an explain stopped between the two
// leaves a store of the earlier model, which readers refuse, never a summary
// of another model beside this model's store.
void WriteExplanations(const std::filesystem::path& models, const model::ModelBundle& bundle,
                       const ExplainedRows& explained, std::uint64_t seed) {
  nlohmann::json summary = explain::ShapSummaryJson(
      explained.rows, explained.shap, bundle.classifier->Importances(), {.seed = seed});
  summary[kShapSummaryModelKey] = bundle.digest;
  WriteJsonFile(models / explain::kShapSummaryFile, summary);
  explain::WriteShapStore(models / explain::kShapStoreFileName, bundle.digest, explained.rows,
                          explained.probabilities, explained.shap);
}

}  // namespace

ExplanationOutcome ExplainTestSnapshot(const dataset::OutputLayout& output,
                                       const ExplanationSettings& settings,
                                       const progress::Reporter& progress) {
  Clock::time_point start = Clock::now();
  const collective::WorkerGroup& group = settings.group;
  const std::filesystem::path& models = output.models_dir;
  dataset::FeatureColumns columns;
  model::ModelBundle bundle;
  collective::StepTogether(group, [&] {
    columns = dataset::ReadFeatureColumns(models / dataset::kFeatureColumnsFile);
    bundle = model::LoadModelBundle(models, columns);
    // The test rows explained must be those the model was tested on.
    dataset::RequireTrainedOn(output, models / model::kManifestFileName);
  });
  ExplanationOutcome outcome;
  outcome.model_type =
      std::string(config::NameOf(model::kModelKindNames, bundle.classifier->Kind()));
  ExplainedRows explained = ExplainRows(output, columns, bundle, settings, progress, outcome);
  GatheredRows gathered;
  if (group.distributed()) {
    gathered = GatherExplainedRows(explained, group);
    explained = {};  // this worker's rows are among the gathered ones
  }
  // The coordinator writes what every worker explained; every worker ends
  // once it has, or with its failure.
  collective::StepTogether(group, [&] {
    if (!group.coordinator()) {
      return;
    }
    if (group.distributed()) {
      explained = InMergedTableOrder(output, columns, std::move(gathered));
    }
    outcome.users = explained.rows.size();
    WriteExplanations(models, bundle, explained, settings.seed);
    outcome.top_features = TopFeatures(columns.names, explained.shap);
  });
  outcome.seconds = SecondsSince(start);
  return outcome;
}

}  // namespace churn::report

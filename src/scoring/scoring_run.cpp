#include "scoring/scoring_run.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <utility>

#include "collective/gathered_values.h"
#include "collective/step_together.h"
#include "config/enum_names.h"
#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "dataset/feature_columns.h"
#include "dataset/gathered_rows.h"
#include "dataset/worker_shards.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "events/event_time.h"
#include "events/staged_folder.h"
#include "explain/model_explainer.h"
#include "explain/shap_store.h"
#include "model/model_bundle.h"
#include "model/model_kind.h"
#include "model/risk_band.h"
#include "report/drift_reference.h"
#include "report/file_scoring.h"
#include "report/report_files.h"
#include "report/training_files.h"
#include "scoring/at_risk_list.h"
#include "scoring/customer_values.h"
#include "scoring/drift_report.h"
#include "scoring/scoring_changes.h"
#include "scoring/scoring_files.h"
#include "scoring/scoring_summary.h"

namespace churn::scoring {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The users of the scoring, scored and explained.
struct ScoredUsers {
  report::RowsAtCutoff at;
  std::vector<double> probabilities;
  std::vector<float> shap;  // rows × (features + 1)
};

void CountBands(std::span<const double> probabilities, const model::ModelBundle& bundle,
                ScoringOutcome& outcome) {
  for (const model::RiskBandFloor& floor : model::RiskBandFloors(bundle.threshold)) {
    outcome.bands.push_back({std::string(floor.name), floor.min_probability, 0});
  }
  for (double probability : probabilities) {
    std::string_view band = bundle.RiskBand(probability);
    for (BandCount& count : outcome.bands) {
      count.users += count.band == band ? 1 : 0;
    }
    outcome.flagged += bundle.Flagged(probability) ? 1 : 0;
  }
}

// The latest complete scoring before `as_of`, if any.
std::optional<std::string> PreviousScoring(const std::filesystem::path& scores_dir,
                                           const std::string& as_of) {
  std::vector<std::string> dates = ListScorings(scores_dir);
  auto before = std::lower_bound(dates.begin(), dates.end(), as_of);
  if (before == dates.begin()) {
    return std::nullopt;
  }
  return *std::prev(before);
}

// summary.json's "changes" against the previous scoring (null for the
// first one, or one that cannot be read, with a warning).
nlohmann::json CompareWithPrevious(const dataset::OutputLayout& output,
                                   const model::ModelBundle& bundle, const ScoredUsers& users,
                                   ScoringOutcome& outcome) {
  std::optional<std::string> previous = PreviousScoring(output.scores_dir, outcome.as_of);
  if (!previous) {
    return nullptr;
  }
  std::filesystem::path folder = ScoringFolder(output.scores_dir, *previous);
  std::optional<SummaryModel> model = ReadSummaryModel(folder / kScoringSummaryFile);
  if (!model) {
    return nullptr;
  }
  try {
    explain::ShapStore store = explain::ShapStore::Open(folder / kScoringShapFile, model->digest,
                                                        bundle.features, kScoreCommand);
    ScoringChanges changes = CompareScorings(store, *previous, model->threshold,
                                             {.as_of = outcome.as_of,
                                              .threshold = bundle.threshold,
                                              .user_ids = users.at.rows.user_ids,
                                              .probabilities = users.probabilities});
    outcome.previous_as_of = previous;
    outcome.newly_high = changes.newly_high.count;
    outcome.risen = changes.risen.count;
    outcome.left = changes.left.count;
    return ChangesJson(changes);
  } catch (const InputError& error) {
    spdlog::warn("not comparing with the scoring of {}: {}", *previous, error.what());
    return nullptr;
  }
}

void NoteDrift(const DriftReport& drift, ScoringOutcome& outcome) {
  outcome.retrain_due = drift.RetrainDue();
  outcome.score_psi = drift.score.psi;
  for (const DistributionDrift& feature : drift.features) {
    if (feature.psi > kDriftPsi) {
      outcome.drifted.push_back({feature.name, feature.psi, feature.BeyondTrainingRange()});
    }
  }
}

// The settings that decide which users a snapshot holds and what its
// features see must be those the model was trained with (the manifest's
// record of the features config), or the scored rows are not the rows the
// model learned from. Throws InputError naming the setting.
void RequireTrainedSnapshotRules(const nlohmann::json& manifest,
                                 const features::ChurnDefinition& churn) {
  const nlohmann::json* trained = nullptr;
  if (manifest.contains("features_config") && manifest["features_config"].contains("churn")) {
    trained = &manifest["features_config"]["churn"];
  }
  if (trained == nullptr) {
    return;  // a model trained on tables without a features report: nothing to compare
  }
  for (auto [key, now] :
       {std::pair<const char*, int>{"cohort_active_days", churn.cohort_active_days},
        {"observation_days", churn.observation_days}}) {
    if (trained->contains(key) && (*trained)[key] != now) {
      throw InputError(fmt::format(
          "the model was trained with churn.{} = {}, the config now says {}: score with the "
          "setting the model was trained with, or retrain (churn-radar run)",
          key, (*trained)[key].dump(), now));
    }
  }
}

// What a scoring reads besides the rows: the trained model, its columns and
// the training rows' distributions.
struct TrainedModel {
  dataset::FeatureColumns columns;
  model::ModelBundle bundle;
  report::DriftReference reference;
};

TrainedModel LoadTrainedModel(const dataset::OutputLayout& output, const ScoringRequest& request) {
  const std::filesystem::path& models = output.models_dir;
  if (!std::filesystem::exists(models / model::kModelFileName)) {
    throw InputError(fmt::format(
        "no trained model in {}: `churn-radar run` trains one (or `features`, then `train`) and "
        "ends with a scoring",
        events::DisplayPath(models)));
  }
  TrainedModel trained;
  trained.columns = dataset::ReadFeatureColumns(models / dataset::kFeatureColumnsFile);
  trained.bundle = model::LoadModelBundle(models, trained.columns);
  RequireTrainedSnapshotRules(model::ReadManifest(models), request.features.churn);
  dataset::RequireTrainedOn(output, models / model::kManifestFileName,
                            {models / report::kDriftReferenceFile});
  trained.reference = report::ReadDriftReference(models / report::kDriftReferenceFile);
  return trained;
}

// The rows scored, calibrated, and explained with exact SHAP values: with
// several workers, this worker's share of them. InputError when no worker
// has a customer to score.
ScoredUsers ScoreRows(report::RowsAtCutoff at, const ScoringRequest& request,
                      const model::ModelBundle& bundle, ScoringOutcome& outcome,
                      const progress::Reporter& steps) {
  std::array<std::int64_t, 1> users = {static_cast<std::int64_t>(at.rows.size())};
  request.group.Sum(users);
  if (users[0] == 0) {
    throw InputError(
        fmt::format("no customer to score as of {}: nobody was active in the {} days before it "
                    "(churn.cohort_active_days)",
                    at.cutoff, request.features.churn.cohort_active_days));
  }
  ScoredUsers scored;
  scored.at = std::move(at);
  if (scored.at.rows.size() == 0) {
    return scored;  // a worker whose users were all inactive
  }
  int threads = request.features.threads;
  scored.probabilities = bundle.Probabilities(scored.at.rows.features, threads);
  Clock::time_point shap_start = Clock::now();
  scored.shap =
      explain::ModelExplainer(*bundle.classifier).Explain(scored.at.rows.features, threads, steps);
  outcome.shap_seconds = SecondsSince(shap_start);
  spdlog::info("scored {} customers as of {} ({:.2f} s from the logs, {:.2f} s for SHAP values)",
               scored.at.rows.size(), scored.at.cutoff, outcome.stream_seconds,
               outcome.shap_seconds);
  return scored;
}

// Every worker's scored users, in rank order: one process's rows, as the
// workers' shares of the users are runs of the engine's partitions in
// order. The customers are merged for the value model.
ScoredUsers GatherScoredUsers(ScoredUsers mine, const collective::WorkerGroup& group) {
  ScoredUsers all;
  all.at.cutoff = mine.at.cutoff;
  all.at.span = mine.at.span;  // every worker reads every event
  all.at.rows = dataset::GatherLabelledRows(std::move(mine.at.rows), group);
  all.at.purchases = collective::GatherValues<features::PurchaseHistory>(
      std::exchange(mine.at.purchases, {}), group);
  all.at.customers = dataset::MergeOverWorkers(mine.at.customers, group);
  all.probabilities =
      collective::GatherValues<double>(std::exchange(mine.probabilities, {}), group);
  all.shap = collective::GatherValues<float>(std::exchange(mine.shap, {}), group);
  return all;
}

ScoringFacts FactsOf(const ScoringRequest& request, const ScoredUsers& users,
                     const model::ModelBundle& bundle) {
  return {.logs = request.logs,
          .first_event = events::FormatDate(users.at.span.first),
          .last_event = events::FormatDate(users.at.span.last),
          .cohort_active_days = request.features.churn.cohort_active_days,
          .model_digest = bundle.digest};
}

// The scoring's value side, noted in the outcome.
ScoredValues ValueUsers(const ScoringRequest& request, const ScoredUsers& users,
                        ScoringOutcome& outcome) {
  ScoredValues values =
      ValueScoredUsers(users.at.customers, users.at.purchases, users.probabilities, users.at.cutoff,
                       request.value, request.features.threads);
  outcome.valued = values.model.has_value();
  outcome.value_horizon_days = request.value.horizon_days;
  outcome.value_why_not = values.why_not;
  outcome.value_at_risk = values.total_value_at_risk;
  outcome.customers_valued = values.customers;
  return values;
}

nlohmann::json ValueSummaryOf(const ScoredValues& values, const ScoredUsers& users,
                              const model::ModelBundle& bundle, const ScoringOutcome& outcome) {
  std::vector<std::string> bands;
  for (const BandCount& band : outcome.bands) {
    bands.push_back(band.band);
  }
  std::vector<std::string_view> band_of_row;
  for (double probability : users.probabilities) {
    band_of_row.push_back(bundle.RiskBand(probability));
  }
  return ValueSummaryJson(values, bands, band_of_row);
}

// The value model of the latest scoring, in the models folder too: this
// one's, unless a later scoring exists (a scoring as of an earlier date
// leaves it be); removed when the latest scoring has none.
void KeepLatestValueModel(const dataset::OutputLayout& output, const std::string& as_of,
                          const ScoredValues& values) {
  if (LatestScoring(output.scores_dir) != as_of) {
    return;
  }
  std::filesystem::path latest = output.models_dir / value::kValueModelFile;
  if (values.model) {
    report::WriteJsonFile(latest, value::ValueModelJson(*values.model));
  } else {
    std::error_code ignored;
    std::filesystem::remove(latest, ignored);
  }
}

// Every scored user's figures: the value model fitted, the previous scoring
// compared, drift measured, and scores/<as-of>/ written whole.
void WriteScoring(const dataset::OutputLayout& output, const ScoringRequest& request,
                  const TrainedModel& trained, const ScoredUsers& users, Clock::time_point start,
                  ScoringOutcome& outcome, const progress::Reporter& steps) {
  const model::ModelBundle& bundle = trained.bundle;
  outcome.users = users.at.rows.size();
  CountBands(users.probabilities, bundle, outcome);
  steps.Report("customer values", 0, 0, "");
  ScoredValues values = ValueUsers(request, users, outcome);
  nlohmann::json changes = CompareWithPrevious(output, bundle, users, outcome);
  DriftReport drift = MeasureDrift(trained.reference, users.at.rows.features, users.probabilities);
  NoteDrift(drift, outcome);

  events::StagedFolder staged(output.scores_dir, outcome.as_of);
  const dataset::LabelledRows& rows = users.at.rows;
  explain::WriteShapStore(staged.path() / kScoringShapFile, bundle.digest, rows,
                          users.probabilities, users.shap);
  WriteAtRiskList(
      staged.path() / kAtRiskFile, outcome.as_of,
      {.rows = rows, .probabilities = users.probabilities, .shap = users.shap, .values = values},
      ListOrder(users.probabilities, values, rows.user_ids), bundle);
  if (values.model) {
    WriteCustomerValues(staged.path() / kCustomerValuesFile, rows.user_ids, values);
    report::WriteJsonFile(staged.path() / value::kValueModelFile,
                          value::ValueModelJson(*values.model));
  }
  report::WriteJsonFile(staged.path() / kDriftFile, DriftJson(drift, outcome.as_of));
  outcome.folder = ScoringFolder(output.scores_dir, outcome.as_of);
  outcome.seconds = SecondsSince(start);
  report::WriteJsonFile(
      staged.path() / kScoringSummaryFile,
      ScoringSummaryJson(outcome, FactsOf(request, users, bundle), std::move(changes),
                         DriftSummaryJson(drift), ValueSummaryOf(values, users, bundle, outcome)));
  staged.Commit();
  KeepLatestValueModel(output, outcome.as_of, values);
}

// Scores and explains the rows (each worker its own), then the coordinator
// writes the scoring of every worker's rows.
ScoringOutcome Score(const dataset::OutputLayout& output, const ScoringRequest& request,
                     const TrainedModel& trained, report::RowsAtCutoff at, Clock::time_point start,
                     ScoringOutcome outcome, const progress::Reporter& steps) {
  const model::ModelBundle& bundle = trained.bundle;
  outcome.model_type =
      std::string(config::NameOf(model::kModelKindNames, bundle.classifier->Kind()));
  outcome.threshold = bundle.threshold;
  ScoredUsers users = ScoreRows(std::move(at), request, bundle, outcome, steps);
  const collective::WorkerGroup& group = request.group;
  if (group.distributed()) {
    std::array<double, 1> shap_seconds = {outcome.shap_seconds};  // the slowest worker's
    group.Max(shap_seconds);
    outcome.shap_seconds = shap_seconds[0];
    users = GatherScoredUsers(std::move(users), group);
  }
  outcome.as_of = users.at.cutoff;
  // Every worker ends once the scoring is written, or with the coordinator's failure.
  collective::StepTogether(group, [&] {
    if (group.coordinator()) {
      WriteScoring(output, request, trained, users, start, outcome, steps);
    }
  });
  return outcome;
}

}  // namespace

ScoringOutcome ScoreCurrentCustomers(const dataset::OutputLayout& output,
                                     const ScoringRequest& request,
                                     const features::LogSetProgress& progress,
                                     const progress::Reporter& steps) {
  Clock::time_point start = Clock::now();
  const collective::WorkerGroup& group = request.group;
  TrainedModel trained;
  report::RowsAtCutoff at;
  collective::StepTogether(group, [&] {
    trained = LoadTrainedModel(output, request);
    // A worker spills beside its shard, never into another's folder.
    at = report::ComputeRowsFromLogs(
        request.features, request.logs, request.as_of, trained.columns,
        group.distributed() ? dataset::ShardLayout(output, group.rank(), group.size()).data_dir
                            : output.data_dir,
        progress, {.index = group.rank(), .count = group.size()});
  });
  ScoringOutcome outcome;
  outcome.stream_seconds = SecondsSince(start);
  return Score(output, request, trained, std::move(at), start, std::move(outcome), steps);
}

ScoringOutcome ScoreCurrentCustomers(const dataset::OutputLayout& output,
                                     const ScoringRequest& request, features::CutoffRows as_of_rows,
                                     const progress::Reporter& steps) {
  Clock::time_point start = Clock::now();
  TrainedModel trained;
  collective::StepTogether(request.group, [&] { trained = LoadTrainedModel(output, request); });
  return Score(output, request, trained,
               report::ModelRowsOf(std::move(as_of_rows), trained.columns), start, ScoringOutcome(),
               steps);
}

}  // namespace churn::scoring

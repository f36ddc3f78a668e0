#include "training/training_rows.h"

#include <spdlog/spdlog.h>

#include <array>
#include <cstdint>
#include <optional>

#include "collective/gathered_values.h"
#include "dataset/validation_split.h"
#include "errors/error.h"
#include "parallel/parallel_for.h"
#include "report/value_baseline.h"

namespace churn::training {
namespace {

// The validation and test rows' values if kept under their snapshots' value
// models, when the campaign asks for them.
void AttachCustomerValues(const TrainingSettings& settings, const dataset::FeatureColumns& columns,
                          TrainingRows& rows) {
  if (!settings.report.campaign.customer_value) {
    return;
  }
  int threads = parallel::ResolveThreads(settings.train.threads);
  std::optional<std::vector<double>> validation =
      report::RetainedValues(rows.validation, columns, threads);
  std::optional<std::vector<double>> test = report::RetainedValues(rows.test, columns, threads);
  // Every worker decides alike: one without rows of a snapshot lacking a
  // value model would otherwise go on alone.
  if (!rows.group.AllOf(validation.has_value() && test.has_value())) {
    throw InputError(
        "train.campaign.customer_value needs a customer-value model at every snapshot, and "
        "feature_columns.json lacks one (too few repeat buyers before a cutoff, or tables made "
        "before value models existed): run `churn-radar features` again, or set "
        "train.campaign.customer_value to false");
  }
  rows.validation_values = std::move(*validation);
  rows.test_values = std::move(*test);
}

// The fit rows whose labels ended by the validation cutoff: with snapshots
// every few days (churn.snapshot_step_days) the ones just before the
// validation snapshot label on the very days it does, and fitting on them
// would make validation partly in time. When none would be left (or a
// class would be missing) the overlap is kept, with a warning.
void KeepFitRowsKnownByValidation(const dataset::FeatureColumns& columns,
                                  const std::string& validation_cutoff,
                                  const dataset::LabelledRows& train,
                                  std::vector<std::size_t>& fit_rows,
                                  const collective::WorkerGroup& group) {
  std::vector<std::size_t> known;
  std::array<std::int64_t, 3> counts = {0, 0, static_cast<std::int64_t>(fit_rows.size())};
  for (std::size_t row : fit_rows) {
    const std::string* label_end = columns.LabelEndAt(train.cutoffs[row]);
    if (label_end == nullptr || *label_end <= validation_cutoff) {
      known.push_back(row);
      counts[0] += train.churned[row];
    }
  }
  counts[1] = static_cast<std::int64_t>(known.size());
  group.Sum(counts);  // every worker's rows decide alike
  auto [churners, known_rows, fit_count] = counts;
  if (known_rows == fit_count) {
    return;
  }
  if (churners == 0 || churners == known_rows) {
    spdlog::warn(
        "the snapshots fitted on label the days the validation snapshot ({}) labels, and without "
        "them no snapshot is left to fit on: validation is partly in time; fewer snapshots "
        "(a larger churn.snapshot_step_days) avoid it",
        validation_cutoff);
    return;
  }
  spdlog::info("fitting on the {} of {} rows whose labels ended by the validation cutoff {}",
               known_rows, fit_count, validation_cutoff);
  fit_rows = std::move(known);
}

// What the figures read, every worker's in rank order.
void GatherEvaluationRows(TrainingRows& rows) {
  const collective::WorkerGroup& group = rows.group;
  rows.validation_churned = collective::GatherValues<std::uint8_t>(rows.validation.churned, group);
  rows.test_churned = collective::GatherValues<std::uint8_t>(rows.test.churned, group);
  rows.validation_values = collective::GatherValues<double>(rows.validation_values, group);
  rows.test_values = collective::GatherValues<double>(rows.test_values, group);
  rows.test_ids.user_ids = collective::GatherStrings(rows.test.user_ids, group);
  rows.test_ids.cutoffs = collective::GatherStrings(rows.test.cutoffs, group);
  rows.test_ids.churned = rows.test_churned;
  rows.test_ids.features.names = rows.test.features.names;
}

}  // namespace

std::vector<double> GatherScores(const std::vector<double>& mine, const TrainingRows& rows) {
  return collective::GatherValues<double>(mine, rows.group);
}

TrainingRows SplitTrainingRows(const TrainingSettings& settings, dataset::LabelledRows train,
                               dataset::LabelledRows test, const dataset::FeatureColumns& columns,
                               const collective::WorkerGroup& group) {
  TrainingRows rows;
  rows.group = group;
  dataset::ValidationSplit split = dataset::SplitForValidation(
      train, settings.train.validation_share, settings.train.seed, group);
  if (!split.validation_cutoff.empty()) {
    KeepFitRowsKnownByValidation(columns, split.validation_cutoff, train, split.fit_rows, group);
  }
  rows.fit = train.Select(split.fit_rows);
  rows.validation = train.Select(split.validation_rows);
  rows.validation_method = split.method;
  rows.train = std::move(train);
  rows.test = std::move(test);
  AttachCustomerValues(settings, columns, rows);
  GatherEvaluationRows(rows);
  return rows;
}

}  // namespace churn::training

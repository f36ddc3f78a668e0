#pragma once
// The rows of one training: the training rows split into the rows a model is
// fitted on and the later rows it is chosen and calibrated on, the test rows
// it is judged on, and, for a campaign that weighs churners by what they are
// worth, each validation and test row's value if kept. `train` and the
// backtest both build one: `train` from the two tables, the backtest from
// the snapshots before each of its test cutoffs.

#include <string>
#include <vector>

#include "collective/worker_group.h"
#include "dataset/feature_columns.h"
#include "dataset/feature_matrix.h"
#include "model/training_config.h"
#include "report/report_config.h"

namespace churn::training {

// What a training is told: the model stage's settings (the candidates and
// their parameters, calibration, validation share, seed, threads) and the
// report stage's (how the winner and its threshold are chosen, the campaign,
// the bootstrap), both read from the config file's train: section.
struct TrainingSettings {
  model::TrainingConfig train;
  report::ReportConfig report;
};

struct TrainingRows {
  // The rows here: this worker's, with a distributed group; the fits see
  // every worker's through the group (docs/scale-out.md).
  dataset::LabelledRows train;  // every training row: fit and validation, in table order
  dataset::LabelledRows fit;
  dataset::LabelledRows validation;
  dataset::LabelledRows test;
  std::string validation_method;  // "latest_snapshot" or "stratified_users"
  collective::WorkerGroup group = collective::WorkerGroup::Solo();
  // What every figure reads of the validation and test rows, every worker's
  // in rank order (alone: the rows' own): labels, each row's value if kept
  // (when train.campaign.customer_value; else empty), and the test rows'
  // ids, snapshots and labels for the predictions file (no features). Scores
  // of the rows here are gathered in the same order (GatherScores).
  std::vector<std::uint8_t> validation_churned;
  std::vector<std::uint8_t> test_churned;
  std::vector<double> validation_values;
  std::vector<double> test_values;
  dataset::LabelledRows test_ids;
};

// Scores of the rows here, every worker's in rank order: aligned with the
// labels above.
std::vector<double> GatherScores(const std::vector<double>& mine, const TrainingRows& rows);

// Splits `train` for validation (dataset::SplitForValidation) and attaches
// the campaign's values. Throws InputError when a side lacks a class, or
// when the campaign asks for values and a snapshot has no value model. Each
// worker of a distributed `group` passes its own rows.
TrainingRows SplitTrainingRows(
    const TrainingSettings& settings, dataset::LabelledRows train, dataset::LabelledRows test,
    const dataset::FeatureColumns& columns,
    const collective::WorkerGroup& group = collective::WorkerGroup::Solo());

}  // namespace churn::training

#include "training/model_training.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdint>
#include <span>

#include "errors/error.h"
#include "metrics/probability_metrics.h"
#include "model/boosted_trees.h"
#include "training/candidate_fitting.h"

namespace churn::training {
namespace {

// Weighted classes distort probabilities: they are then always recalibrated.
model::Calibration CalibrationFor(const model::TrainingConfig& train,
                                  const FittedCandidate& chosen) {
  bool reweighted = chosen.params.scale_pos_weight != 1.0;
  if (reweighted && train.calibration == model::Calibration::kNone) {
    spdlog::warn(
        "{} weighs churners by scale_pos_weight: calibrating with Platt scaling although "
        "train.calibration is none",
        chosen.figures.name);
    return model::Calibration::kPlatt;
  }
  return train.calibration;
}

// Calibrates the chosen model on validation data and chooses its threshold
// on the calibrated validation probabilities: the test set plays no part.
void CalibrateChosen(const TrainingSettings& settings, const TrainingRows& rows,
                     const FittedCandidate& chosen, TrainedModel& trained) {
  model::Calibration calibration = CalibrationFor(settings.train, chosen);
  trained.calibration = std::string(model::CalibrationName(calibration));
  model::ModelBundle& bundle = trained.bundle;
  bundle.calibration = model::ProbabilityCalibration::Fit(
      calibration, chosen.validation_probabilities, rows.validation_churned);
  std::vector<double> validation = bundle.calibration.Apply(chosen.validation_probabilities);
  trained.validation_brier_raw =
      metrics::BrierScore(chosen.validation_probabilities, rows.validation_churned);
  trained.validation_brier_calibrated = metrics::BrierScore(validation, rows.validation_churned);
  bundle.threshold =
      ChooseThreshold(settings.report, validation, rows.validation_churned, rows.validation_values);
  bundle.features = rows.train.features.names;
}

}  // namespace

TrainedModel TrainModel(const TrainingSettings& settings, const TrainingRows& rows,
                        const progress::Reporter& progress) {
  TrainedModel trained;
  std::vector<FittedCandidate> fitted;
  bool blend = false;
  const std::vector<std::string>& candidates = settings.train.candidates;
  for (std::size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
    const std::string& name = candidates[candidate_idx];
    if (CandidateKind(name) == model::ModelKind::kBlend) {
      blend = true;
    } else {
      fitted.push_back(
          FitCandidate(name, settings, rows,
                       progress.Within(fmt::format("{} (candidate {} of {})", name,
                                                   candidate_idx + 1, candidates.size()))));
    }
  }
  // The blend averages candidates fitted above, so it comes last.
  if (blend) {
    if (std::optional<FittedCandidate> blended = FitBlend(fitted, settings, rows)) {
      fitted.push_back(std::move(*blended));
    }
  }
  for (const FittedCandidate& candidate : fitted) {
    trained.candidates.push_back(candidate.figures);
  }
  trained.chosen = report::ChooseCandidate(trained.candidates, settings.report.selection_metric);
  FittedCandidate& chosen = fitted[trained.chosen];
  CalibrateChosen(settings, rows, chosen, trained);
  if (settings.train.refit) {
    auto train_rows = static_cast<std::int64_t>(rows.train.size());
    rows.group.Sum(std::span(&train_rows, 1));  // every worker's
    spdlog::info("{}: fitting again on all {} training rows", chosen.figures.name, train_rows);
    trained.bundle.classifier = RefitCandidate(
        chosen, fitted, settings, rows,
        progress.Within(fmt::format("{} fitted again on every training row", chosen.figures.name)));
    trained.refitted = true;
  } else {
    trained.bundle.classifier = std::move(chosen.classifier);
  }
  return trained;
}

void RefuseSearchOnWorkers(const TrainingSettings& settings, const collective::WorkerGroup& group) {
  if (group.distributed() && settings.train.search_seconds > 0) {
    throw ConfigError(
        "train.search_seconds: the search of the boosted trees' settings runs in one process "
        "only for now; set it to 0 to train on several workers (docs/scale-out.md)");
  }
}

}  // namespace churn::training

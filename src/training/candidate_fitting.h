#pragma once
// One candidate of `train.candidates`, fitted on the fit rows and judged on
// the validation rows at its own validation threshold (its test figures are
// reported beside, never consulted), and fitted again on every training row
// once chosen.

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "model/classifier.h"
#include "model/model_kind.h"
#include "model/training_config.h"
#include "progress/progress_reporter.h"
#include "report/candidate_selection.h"
#include "training/training_rows.h"

namespace churn::training {

struct FittedCandidate {
  model::ModelKind kind = model::ModelKind::kLogreg;
  std::unique_ptr<model::Classifier> classifier;
  // Boosted trees: the settings it was fitted with, rounds cut to those kept.
  model::BoostedTreesParams params;
  // A blend: the candidates it averages, by their index among the fitted ones.
  std::vector<std::size_t> members;
  std::vector<double> validation_probabilities;  // raw, uncalibrated
  std::vector<double> test_probabilities;
  report::CandidateFigures figures;
};

// The threshold the report config's rule chooses on validation scores;
// `values`: the rows' values if kept, or empty.
double ChooseThreshold(const report::ReportConfig& config, std::span<const double> scores,
                       std::span<const std::uint8_t> labels, std::span<const double> values);

// The kind of a candidate named in train.candidates (checked when the config
// was read).
model::ModelKind CandidateKind(std::string_view name);

// Fits the candidate `name` on rows.fit (boosted trees stop early on
// rows.validation) and evaluates it, telling `progress` how the fit goes
// (boosted trees: each round). Not for the blend (FitBlend).
FittedCandidate FitCandidate(std::string_view name, const TrainingSettings& settings,
                             const TrainingRows& rows, const progress::Reporter& progress = {});

// The blend candidate: the margins of the boosted-tree candidate that
// validates best and of the logistic one, averaged with equal weights (no
// weight is fitted, so validation judges the blend as it judges the
// others). Nullopt, with a note, when `fitted` lacks either kind.
std::optional<FittedCandidate> FitBlend(const std::vector<FittedCandidate>& fitted,
                                        const TrainingSettings& settings, const TrainingRows& rows);

// The same candidate's family and settings fitted on every training row
// (rows.train): boosted trees for the rounds the first fit kept, since the
// validation rows can no longer stop them; a blend, its members refitted.
// `fitted`: every fitted candidate, which a blend's members index.
std::unique_ptr<model::Classifier> RefitCandidate(const FittedCandidate& candidate,
                                                  const std::vector<FittedCandidate>& fitted,
                                                  const TrainingSettings& settings,
                                                  const TrainingRows& rows,
                                                  const progress::Reporter& progress = {});

}  // namespace churn::training

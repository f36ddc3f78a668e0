#include "model/boosted_trees_search.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <string>
#include <utility>

#include "errors/error.h"

namespace churn::model {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Where the search's stream starts, mixed with the run's seed, so that it
// does not repeat a stream the same seed starts elsewhere.
constexpr std::uint64_t kSearchStream = 0x7365617263680001ULL;

constexpr double kLearningRateLow = 0.02;
constexpr double kLearningRateHigh = 0.3;
constexpr int kDepthLow = 3;
constexpr int kDepthHigh = 10;
constexpr double kLeavesLow = 8;
constexpr double kLeavesEnd = 256;  // exclusive: 255 leaves at most
constexpr double kMinChildWeightLow = 0.5;
constexpr double kMinChildWeightHigh = 100;
constexpr double kSubsampleLow = 0.5;
constexpr double kColsampleLow = 0.4;
constexpr double kLambdaLow = 0.1;
constexpr double kLambdaHigh = 100;

double ElapsedSeconds(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// 3 significant digits: settings a person can read in a report and copy
// into a config file.
double Rounded(double value) {
  return std::stod(fmt::format("{:.3g}", value));
}

double Uniform(random::SplitMix64& stream, double low, double high) {
  return Rounded(low + (high - low) * stream.Uniform());
}

double LogUniform(random::SplitMix64& stream, double low, double high) {
  return Rounded(std::exp(std::log(low) + (std::log(high) - std::log(low)) * stream.Uniform()));
}

// The reason not to start trial `trial_idx`, or empty to start it.
std::string ReasonToStop(std::size_t trial_idx, const TreeSearchBudget& budget, double seconds_left,
                         double mean_trial_seconds) {
  if (budget.max_trials > 0 && trial_idx >= static_cast<std::size_t>(budget.max_trials)) {
    return fmt::format("the cap of {} trial{} was reached", budget.max_trials,
                       budget.max_trials == 1 ? "" : "s");
  }
  if (seconds_left <= 0) {
    return fmt::format("the {:.1f} s budget is spent", budget.seconds);
  }
  if (seconds_left < mean_trial_seconds) {
    return fmt::format("{:.1f} s of the {:.1f} s budget left, less than a trial's mean {:.1f} s",
                       seconds_left, budget.seconds, mean_trial_seconds);
  }
  return {};
}

}  // namespace

BoostedTreesParams DrawTreeParams(ModelKind kind, const BoostedTreesParams& base,
                                  random::SplitMix64& stream) {
  BoostedTreesParams params = base;
  params.learning_rate = LogUniform(stream, kLearningRateLow, kLearningRateHigh);
  double size_draw = stream.Uniform();
  if (kind == ModelKind::kXgboostLeafwise) {
    params.max_depth = 0;
    params.max_leaves = static_cast<int>(std::floor(std::exp(
        std::log(kLeavesLow) + (std::log(kLeavesEnd) - std::log(kLeavesLow)) * size_draw)));
  } else {
    params.max_depth = kDepthLow + static_cast<int>(size_draw * (kDepthHigh - kDepthLow + 1));
    params.max_leaves = 0;
  }
  params.min_child_weight = LogUniform(stream, kMinChildWeightLow, kMinChildWeightHigh);
  params.subsample = Uniform(stream, kSubsampleLow, 1.0);
  params.colsample_bytree = Uniform(stream, kColsampleLow, 1.0);
  params.reg_lambda = LogUniform(stream, kLambdaLow, kLambdaHigh);
  return params;
}

TreeSearchOutcome SearchBoostedTrees(ModelKind kind, const BoostedTreesParams& base,
                                     const dataset::LabelledRows& fit,
                                     const dataset::LabelledRows& validation,
                                     const TreeSearchBudget& budget, int threads,
                                     std::uint64_t seed, std::span<const int> monotone,
                                     const progress::Reporter& progress) {
  if (!IsBoostedTrees(kind)) {
    throw InternalError(fmt::format("'{}' is not a boosted-trees candidate",
                                    config::NameOf(kModelKindNames, kind)));
  }
  SteadyClock::time_point start = SteadyClock::now();
  random::SplitMix64 stream(random::MixSeed(seed, kSearchStream));
  TreeSearchOutcome outcome;
  double trial_seconds = 0;
  for (std::size_t trial_idx = 0;; ++trial_idx) {
    double seconds_left = budget.seconds - ElapsedSeconds(start);
    BoostingOptions options{
        .monotone = monotone,
        .max_seconds = 0,
        .progress = progress.Within(fmt::format("search trial {}", trial_idx + 1))};
    if (trial_idx > 0) {
      outcome.stop_reason = ReasonToStop(trial_idx, budget, seconds_left,
                                         trial_seconds / static_cast<double>(trial_idx));
      if (!outcome.stop_reason.empty()) {
        break;
      }
      options.max_seconds = seconds_left;
    }
    TreeSearchTrial trial;
    trial.params = trial_idx == 0 ? base : DrawTreeParams(kind, base, stream);
    SteadyClock::time_point trial_start = SteadyClock::now();
    BoostingReport report;
    std::unique_ptr<Classifier> classifier =
        FitBoostedTrees(kind, trial.params, fit, validation, threads, seed, &report, options);
    trial.seconds = ElapsedSeconds(trial_start);
    trial.validation_log_loss = report.best_validation_log_loss;
    trial.rounds = report.best_round;
    trial.stopped_by_time = report.stopped_by_time;
    trial_seconds += trial.seconds;
    if (trial_idx == 0 ||
        trial.validation_log_loss < outcome.trials[outcome.best_trial].validation_log_loss) {
      outcome.best_trial = trial_idx;
      outcome.best = trial.params;
      outcome.best_classifier = std::move(classifier);
      outcome.best_report = std::move(report);
    }
    outcome.trials.push_back(trial);
  }
  return outcome;
}

}  // namespace churn::model

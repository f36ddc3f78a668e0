#include "model/probability_calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <numeric>

#include "errors/error.h"
#include "model/classifier.h"
#include "model/row_requirements.h"

namespace churn::model {
namespace {

constexpr std::string_view kCalibrationRows = "the calibration rows";
// Probabilities are kept this far from 0 and 1 before taking the log-odds,
// so that a model's 0 or 1 does not become an infinite margin.
constexpr double kProbabilityClip = 1e-12;
// Platt's fit is a 2-parameter Newton: it converges in a handful of steps.
constexpr int kPlattMaxSteps = 25;
constexpr double kPlattStepTolerance = 1e-10;
constexpr int kPlattMaxStepHalvings = 30;
// A tiny ridge on slope and intercept keeps the fit finite when the raw
// log-odds separate the classes perfectly (the slope would grow without end).
constexpr double kPlattRidge = 1e-6;

double LogOdds(double probability) {
  double clipped = std::clamp(probability, kProbabilityClip, 1.0 - kProbabilityClip);
  return std::log(clipped) - std::log1p(-clipped);
}

// The penalised log-loss of sigmoid(slope * x + intercept), with its
// gradient and Hessian in (slope, intercept).
struct PlattState {
  double slope = 1;
  double intercept = 0;
  double loss = 0;
  double gradient[2] = {0, 0};
  double hessian[3] = {0, 0, 0};  // (slope, slope), (slope, intercept), (intercept, intercept)
};

PlattState EvaluatePlatt(double slope, double intercept, std::span<const double> log_odds,
                         std::span<const std::uint8_t> labels) {
  PlattState state{.slope = slope, .intercept = intercept};
  for (std::size_t row_idx = 0; row_idx < log_odds.size(); ++row_idx) {
    double x = log_odds[row_idx];
    double label = labels[row_idx];
    double margin = slope * x + intercept;
    double probability = Probability(margin);
    // log(1 + e^margin) - label * margin, without overflow.
    state.loss += std::max(margin, 0.0) + std::log1p(std::exp(-std::abs(margin))) - label * margin;
    double residual = probability - label;
    double weight = probability * (1.0 - probability);
    state.gradient[0] += residual * x;
    state.gradient[1] += residual;
    state.hessian[0] += weight * x * x;
    state.hessian[1] += weight * x;
    state.hessian[2] += weight;
  }
  state.loss += 0.5 * kPlattRidge * (slope * slope + intercept * intercept);
  state.gradient[0] += kPlattRidge * slope;
  state.gradient[1] += kPlattRidge * intercept;
  state.hessian[0] += kPlattRidge;
  state.hessian[2] += kPlattRidge;
  return state;
}

// Newton from the identity (slope 1, intercept 0), each step halved while it
// raises the loss.
PlattState FitPlatt(std::span<const double> probabilities, std::span<const std::uint8_t> labels) {
  std::vector<double> log_odds;
  log_odds.reserve(probabilities.size());
  std::transform(probabilities.begin(), probabilities.end(), std::back_inserter(log_odds), LogOdds);
  PlattState state = EvaluatePlatt(1.0, 0.0, log_odds, labels);
  for (int step_idx = 0; step_idx < kPlattMaxSteps; ++step_idx) {
    // The 2 × 2 system, solved directly; the ridge keeps it positive definite.
    double determinant = state.hessian[0] * state.hessian[2] - state.hessian[1] * state.hessian[1];
    double slope_step =
        (state.hessian[2] * state.gradient[0] - state.hessian[1] * state.gradient[1]) / determinant;
    double intercept_step =
        (state.hessian[0] * state.gradient[1] - state.hessian[1] * state.gradient[0]) / determinant;
    PlattState next =
        EvaluatePlatt(state.slope - slope_step, state.intercept - intercept_step, log_odds, labels);
    for (int halving = 0; halving < kPlattMaxStepHalvings && !(next.loss <= state.loss);
         ++halving) {
      slope_step *= 0.5;
      intercept_step *= 0.5;
      next = EvaluatePlatt(state.slope - slope_step, state.intercept - intercept_step, log_odds,
                           labels);
    }
    if (!(next.loss <= state.loss)) {
      break;  // no step lowers the loss any more: the optimum up to rounding
    }
    state = next;
    if (std::max(std::abs(slope_step), std::abs(intercept_step)) < kPlattStepTolerance) {
      break;
    }
  }
  return state;
}

// A run of rows pooled to one calibrated value.
struct IsotonicBlock {
  double weight = 0;  // rows in the block
  double sum_probability = 0;
  double sum_label = 0;
  double Mean() const { return sum_label / weight; }
};

// Pool adjacent violators: rows in ascending order of probability, tied
// probabilities starting as one block weighted by their count; a block whose
// mean label exceeds its successor's is merged with it, until the means
// never decrease.
std::vector<IsotonicBlock> PoolAdjacentViolators(std::span<const double> probabilities,
                                                 std::span<const std::uint8_t> labels) {
  std::vector<std::size_t> order(probabilities.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return probabilities[left] < probabilities[right];
  });
  std::vector<IsotonicBlock> blocks;
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    double probability = probabilities[order[rank]];
    double label = labels[order[rank]];
    bool tie = rank > 0 && probability == probabilities[order[rank - 1]];
    if (tie) {
      blocks.back().weight += 1;
      blocks.back().sum_probability += probability;
      blocks.back().sum_label += label;
    } else {
      blocks.push_back({1, probability, label});
    }
    // A tie joins the last block and may raise or lower its mean, so the
    // merging runs after every row.
    while (blocks.size() > 1 && blocks[blocks.size() - 2].Mean() > blocks.back().Mean()) {
      IsotonicBlock last = blocks.back();
      blocks.pop_back();
      blocks.back().weight += last.weight;
      blocks.back().sum_probability += last.sum_probability;
      blocks.back().sum_label += last.sum_label;
    }
  }
  return blocks;
}

void RequireCalibrationRows(std::span<const double> probabilities,
                            std::span<const std::uint8_t> labels) {
  if (probabilities.size() != labels.size()) {
    throw InternalError(fmt::format("calibration got {} probabilities but {} labels",
                                    probabilities.size(), labels.size()));
  }
  RequireBothClasses(labels, kCalibrationRows);
  for (std::size_t row_idx = 0; row_idx < probabilities.size(); ++row_idx) {
    if (!(probabilities[row_idx] >= 0.0 && probabilities[row_idx] <= 1.0)) {
      throw InputError(fmt::format("{}: row {} has probability {}, expected one in [0, 1]",
                                   kCalibrationRows, row_idx + 1, probabilities[row_idx]));
    }
    if (labels[row_idx] > 1) {
      throw InputError(fmt::format("{}: row {} has label {}, expected 0 or 1", kCalibrationRows,
                                   row_idx + 1, int{labels[row_idx]}));
    }
  }
}

// The number `key` of a calibration's JSON. InputError unless finite.
double ReadNumber(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || !json[key].is_number() || !std::isfinite(json[key].get<double>())) {
    throw InputError(fmt::format("calibration JSON: '{}' must be a finite number", key));
  }
  return json[key].get<double>();
}

// The array `key` of a calibration's JSON: probabilities, each in [0, 1].
std::vector<double> ReadProbabilities(const nlohmann::json& json, const char* key) {
  if (!json.contains(key) || !json[key].is_array() || json[key].empty()) {
    throw InputError(fmt::format("calibration JSON: '{}' must be a non-empty array", key));
  }
  std::vector<double> values;
  for (const nlohmann::json& value : json[key]) {
    if (!value.is_number() || !(value.get<double>() >= 0.0 && value.get<double>() <= 1.0)) {
      throw InputError(fmt::format("calibration JSON: '{}' holds {}, expected a number in [0, 1]",
                                   key, value.dump()));
    }
    values.push_back(value.get<double>());
  }
  return values;
}

Calibration ReadMethod(const nlohmann::json& json) {
  if (json.is_object() && json.contains("method") && json["method"].is_string()) {
    std::string method = json["method"].get<std::string>();
    for (Calibration kind : {Calibration::kNone, Calibration::kPlatt, Calibration::kIsotonic}) {
      if (method == CalibrationName(kind)) {
        return kind;
      }
    }
  }
  throw InputError(fmt::format(
      "calibration JSON: expected an object whose 'method' is none, platt or isotonic, got {}",
      json.dump()));
}

}  // namespace

ProbabilityCalibration ProbabilityCalibration::Fit(Calibration kind,
                                                   std::span<const double> probabilities,
                                                   std::span<const std::uint8_t> labels) {
  ProbabilityCalibration calibration;
  if (kind == Calibration::kNone) {
    return calibration;
  }
  RequireCalibrationRows(probabilities, labels);
  calibration.kind_ = kind;
  if (kind == Calibration::kPlatt) {
    PlattState platt = FitPlatt(probabilities, labels);
    if (!(platt.slope > 0)) {
      // A model that ranks the validation rows worse than chance: scaling
      // would turn its ranking upside down behind the user's back.
      throw ModelError(fmt::format(
          "Platt calibration found a slope of {:.3g} on the validation rows: the model ranks "
          "them no better than chance, so its probabilities cannot be calibrated",
          platt.slope));
    }
    calibration.platt_slope_ = platt.slope;
    calibration.platt_intercept_ = platt.intercept;
    return calibration;
  }
  for (const IsotonicBlock& block : PoolAdjacentViolators(probabilities, labels)) {
    calibration.isotonic_x_.push_back(block.sum_probability / block.weight);
    calibration.isotonic_y_.push_back(block.Mean());
  }
  return calibration;
}

double ProbabilityCalibration::Apply(double probability) const {
  if (kind_ == Calibration::kNone || std::isnan(probability)) {
    return probability;
  }
  if (kind_ == Calibration::kPlatt) {
    return Probability(platt_slope_ * LogOdds(probability) + platt_intercept_);
  }
  if (probability <= isotonic_x_.front()) {
    return isotonic_y_.front();
  }
  if (probability >= isotonic_x_.back()) {
    return isotonic_y_.back();
  }
  // isotonic_x_[upper - 1] < probability < isotonic_x_[upper] (or equal to the former).
  auto upper = static_cast<std::size_t>(
      std::upper_bound(isotonic_x_.begin(), isotonic_x_.end(), probability) - isotonic_x_.begin());
  double left_x = isotonic_x_[upper - 1];
  double share = (probability - left_x) / (isotonic_x_[upper] - left_x);
  return isotonic_y_[upper - 1] + share * (isotonic_y_[upper] - isotonic_y_[upper - 1]);
}

std::vector<double> ProbabilityCalibration::Apply(std::span<const double> probabilities) const {
  std::vector<double> calibrated;
  calibrated.reserve(probabilities.size());
  for (double probability : probabilities) {
    calibrated.push_back(Apply(probability));
  }
  return calibrated;
}

nlohmann::json ProbabilityCalibration::ToJson() const {
  nlohmann::json json = {{"method", std::string(CalibrationName(kind_))}};
  if (kind_ == Calibration::kPlatt) {
    json["slope"] = platt_slope_;
    json["intercept"] = platt_intercept_;
  } else if (kind_ == Calibration::kIsotonic) {
    json["x"] = isotonic_x_;
    json["y"] = isotonic_y_;
  }
  return json;
}

ProbabilityCalibration ProbabilityCalibration::FromJson(const nlohmann::json& json) {
  ProbabilityCalibration calibration;
  calibration.kind_ = ReadMethod(json);
  if (calibration.kind_ == Calibration::kPlatt) {
    calibration.platt_slope_ = ReadNumber(json, "slope");
    calibration.platt_intercept_ = ReadNumber(json, "intercept");
  } else if (calibration.kind_ == Calibration::kIsotonic) {
    calibration.isotonic_x_ = ReadProbabilities(json, "x");
    calibration.isotonic_y_ = ReadProbabilities(json, "y");
    const std::vector<double>& x = calibration.isotonic_x_;
    const std::vector<double>& y = calibration.isotonic_y_;
    if (x.size() != y.size()) {
      throw InputError(
          fmt::format("calibration JSON: 'x' has {} values but 'y' {}", x.size(), y.size()));
    }
    // Apply's interpolation relies on both: a decreasing y would reverse the ranking.
    if (std::adjacent_find(x.begin(), x.end(), std::greater_equal<>()) != x.end() ||
        std::adjacent_find(y.begin(), y.end(), std::greater<>()) != y.end()) {
      throw InputError("calibration JSON: 'x' must increase and 'y' must never decrease");
    }
  }
  return calibration;
}

}  // namespace churn::model
